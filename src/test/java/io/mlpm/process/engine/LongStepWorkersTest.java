package io.mlpm.process.engine;

import io.mlpm.process.ProcessTestSupport;
import io.mlpm.process.Variables;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.util.unit.DataSize;

/**
 * The worker pool of the long steps on a real engine with real threads, as two nodes would run it:
 * lock extension, take-over of a dead worker's task, retries, admission by the memory budget, and
 * threads shared out among projects.
 */
class LongStepWorkersTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessTestSupport.engine();

  private static final String TOPIC = "test.longStep";
  private static final Duration LOCK = Duration.ofMillis(600);
  private final List<LongStepWorkers> started = new CopyOnWriteArrayList<>();
  private final List<String> ranOn = new CopyOnWriteArrayList<>();
  private String deployment;

  @BeforeEach
  void deploy() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("longStep").camundaHistoryTimeToLive(1)
        .startEvent().serviceTask("work").camundaExternalTask(TOPIC)
        .boundaryEvent("failed").error(Variables.STEP_FAILED_ERROR).userTask("askAPerson").endEvent("asked")
        .moveToActivity("work").endEvent("done").done();
    deployment = processEngine().getRepositoryService().createDeployment()
        .addModelInstance("longStep.bpmn", model).deploy().getId();
  }

  @AfterEach
  void stop() {
    started.forEach(LongStepWorkers::stop);
    processEngine().getRepositoryService().deleteDeployment(deployment, true);
  }

  @Test
  void aStepLongerThanTheLockRunsOnceWhileAnotherNodeWaits() {
    Step slow = new Step(600, scope -> sleep(LOCK.toMillis() * 4));
    LongStepWorkers nodeA = start("node-a", slow, 3, DataSize.ofMegabytes(1000));
    ProcessInstance pi = startProcess();
    until(10, () -> ranOn.size() == 1);
    start("node-b", slow, 3, DataSize.ofMegabytes(1000));
    until(20, () -> ended(pi));
    assertThat(ranOn).as("four lock durations long, and worked once").containsExactly("node-a");
    assertThat(nodeA.isRunning()).isTrue();
  }

  @Test
  void aKilledWorkersStepIsTakenUpByAnotherAfterItsLock() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicInteger attempts = new AtomicInteger();
    Step hangsFirst = new Step(10, scope -> {
      if (attempts.incrementAndGet() == 1) {
        try {
          never.await(); // the first node hangs in its step until it is killed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    LongStepWorkers nodeA = start("node-a", hangsFirst, 1, DataSize.ofMegabytes(1000));
    ProcessInstance pi = startProcess();
    until(10, () -> ranOn.size() == 1);
    nodeA.stop(); // from the engine's view a crash: no completion, no failure, no lock extension
    long killed = System.nanoTime();
    start("node-b", hangsFirst, 1, DataSize.ofMegabytes(1000));
    until(20, () -> ended(pi));
    assertThat(ranOn).containsExactly("node-a", "node-b");
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("taken up after the short lock")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(processEngine().getHistoryService().createHistoricExternalTaskLogQuery().successLog().singleResult()
        .getWorkerId()).isEqualTo("node-b");
  }

  @Test
  void aFailingStepIsTriedAgainAndThenGivenUpToAPersonWithTheReason() {
    Step failing = new Step(10, scope -> {
      throw new IllegalStateException("the disk is full");
    });
    start("node-a", failing, 1, DataSize.ofMegabytes(1000));
    ProcessInstance pi = startProcess();
    until(20, () -> waitingForAPerson(pi));
    assertThat(ranOn).as("the first attempt and two retries").hasSize(3);
    assertThat(processEngine().getRuntimeService().getVariable(pi.getId(), Variables.STEP_FAILURE))
        .isEqualTo("The step 'work' failed 3 times: the disk is full");
    assertThat(processEngine().getRuntimeService().createIncidentQuery().count()).as("no incident").isZero();
  }

  @Test
  void stepsAreAdmittedByTheMemoryBudgetAndOneThatCannotFitGoesToAPerson() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Step big = new Step(600, scope -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      sleep(300);
      running.decrementAndGet();
    });
    start("node-a", big, 3, DataSize.ofMegabytes(1000));
    List<ProcessInstance> three = List.of(startProcess(), startProcess(), startProcess());
    until(20, () -> three.stream().allMatch(this::ended));
    assertThat(most.get()).as("600 MB steps in a 1000 MB budget run one at a time, on three threads").isEqualTo(1);

    started.forEach(LongStepWorkers::stop);
    start("node-b", new Step(1500, scope -> {}), 3, DataSize.ofMegabytes(1000));
    ProcessInstance tooBig = startProcess();
    until(10, () -> waitingForAPerson(tooBig));
    assertThat((String) processEngine().getRuntimeService().getVariable(tooBig.getId(), Variables.STEP_FAILURE))
        .startsWith("The step 'work' needs about 1.5 GB of memory, more than the 1000 MB")
        .contains("mlpm.workers.memory-budget");
    assertThat(ranOn).as("never started").hasSize(3);
  }

  @Test
  void aProjectWithMoreStepsThanThreadsLeavesAThreadToAnotherProject() {
    AtomicInteger bigRunning = new AtomicInteger();
    AtomicInteger mostBig = new AtomicInteger();
    List<String> finished = new CopyOnWriteArrayList<>();
    Step step = new Step(10, scope -> {
      if (scope.getProcessBusinessKey().equals("big")) {
        mostBig.accumulateAndGet(bigRunning.incrementAndGet(), Math::max);
        sleep(1500);
        bigRunning.decrementAndGet();
      }
      finished.add(scope.getProcessBusinessKey());
    });
    LongStepWorkers node = start("node-a", step, 3, DataSize.ofMegabytes(1000));
    // Four candidates of one large project, then a small project's step.
    List<ProcessInstance> big = List.of(startProcess("big"), startProcess("big"), startProcess("big"),
        startProcess("big"));
    until(10, () -> bigRunning.get() == 2);
    ProcessInstance small = startProcess("small");
    until(10, () -> ended(small));
    assertThat(finished).as("the small project's step ran while the large one's were running").first()
        .isEqualTo("small");
    until(30, () -> big.stream().allMatch(this::ended));
    assertThat(node.perProjectCap()).isEqualTo(2);
    assertThat(mostBig.get()).as("one project holds at most all threads but one").isEqualTo(2);
  }

  /** A test step: its estimate in megabytes and its work; it records the node it ran on. */
  private final class Step {
    final long megabytes;
    final Consumer<StepScope> body;

    Step(long megabytes, Consumer<StepScope> body) {
      this.megabytes = megabytes;
      this.body = body;
    }

    LongStep on(String node) {
      return new LongStep() {
        @Override
        public String topic() {
          return TOPIC;
        }

        @Override
        public long workingSet(StepScope scope) {
          return megabytes * 1024 * 1024;
        }

        @Override
        public void work(StepScope scope) {
          ranOn.add(node);
          body.accept(scope);
        }
      };
    }
  }

  private LongStepWorkers start(String node, Step step, int threads, DataSize budget) {
    LongStepWorkers workers = new LongStepWorkers(processEngine().getExternalTaskService(), List.of(step.on(node)),
        new LongStepSettings(true, threads, LOCK, Duration.ofMillis(50), 2, Duration.ZERO, budget, node));
    workers.start();
    started.add(workers);
    return workers;
  }

  private ProcessInstance startProcess() {
    return processEngine().getRuntimeService().startProcessInstanceByKey("longStep", Map.of());
  }

  private ProcessInstance startProcess(String project) {
    return processEngine().getRuntimeService().startProcessInstanceByKey("longStep", project, Map.of());
  }

  private boolean ended(ProcessInstance pi) {
    return processEngine().getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(pi.getId())
        .singleResult().getEndTime() != null
        && processEngine().getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(pi.getId())
        .activityId("done").count() == 1;
  }

  private boolean waitingForAPerson(ProcessInstance pi) {
    return processEngine().getTaskService().createTaskQuery().processInstanceId(pi.getId())
        .taskDefinitionKey("askAPerson").count() == 1;
  }

  private static ProcessEngine processEngine() {
    return engine.getProcessEngine();
  }

  private static void until(int seconds, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting after %d s", seconds).isLessThan(deadline);
      sleep(25);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
