package io.mlpm.process;

import io.mlpm.process.delegate.PlanIterationDelegate;
import io.mlpm.process.engine.CallContract;
import io.mlpm.process.engine.DecisionListener;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.LongStepSettings;
import io.mlpm.process.engine.LongStepWorkers;
import io.mlpm.process.engine.StepScope;
import static org.mockito.Mockito.mock;

import io.mlpm.data.DatasetRoot;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.test.mock.Mocks;

/**
 * Beans of the diagrams for the process path tests: service tasks are scripted stand-ins (their
 * feature code has its own tests), the decision listener is the real one.
 */
public class ProcessTestSupport {

  final Deque<String> ingestVerdicts = new ArrayDeque<>();
  final Deque<String> profileVerdicts = new ArrayDeque<>();
  final Deque<String> profileUnwaivable = new ArrayDeque<>();
  final Deque<Boolean> evaluations = new ArrayDeque<>();
  /** When true, the next evaluation finds the file changed (as the real delegate's BpmnError). */
  final Deque<Boolean> dataChangedAtEvaluation = new ArrayDeque<>();
  /** When true, the next attempt of a candidate's training (or of the evaluation) fails with an exception. */
  final Deque<Boolean> trainingFailures = new ArrayDeque<>();
  final Deque<Boolean> evaluationFailures = new ArrayDeque<>();
  /** The long steps, worked as external tasks by the real worker code on the test's thread. */
  final List<LongStep> steps = new ArrayList<>();
  final Plan plan = new Plan();
  /** Whether the models are trained outside (and so served by a serving worker). */
  final Serving serving = new Serving();
  /** Whether grading the external candidates throws the step's BPMN error. */
  boolean gradingFails;
  private LongStepWorkers workers;
  final Deque<String> prepareVerdicts = new ArrayDeque<>();
  final Deque<String> healthVerdicts = new ArrayDeque<>();
  /** Whether the candidate still meets the charter when a change request judges it again. */
  final Deque<Boolean> rejudgements = new ArrayDeque<>();
  final List<String> phases = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  final List<String> trained = new ArrayList<>();
  final Path datasets;

  ProcessTestSupport() throws Exception {
    datasets = Files.createTempDirectory("mlpm-datasets");
    Files.writeString(datasets.resolve("other.csv"), "a,b\n1,2\n");
    DatasetRoot root = new DatasetRoot(datasets);
    Mocks.register("decisionListener", new DecisionListener(mock(AuditTrail.class),
        new DecisionRules(root::resolve, (user, group) -> true), null, null, null, null));
    Mocks.register("projectPhase", new Phases());
    Mocks.register("dataPreparationContract", CallContract.DATA_PREPARATION);
    Mocks.register("modelDevelopmentContract", CallContract.MODEL_DEVELOPMENT);
    Mocks.register("validateCharterDelegate", step("validateCharter", ex -> {}));
    steps.add(longStep("ingestDataset", ex -> {
      String verdict = next(ingestVerdicts, "PASS");
      ex.setVariable(Variables.DATA_VERDICT, verdict);
      ex.setVariable(Variables.DATASET_VERSION_ID, "FAIL".equals(verdict) ? null : 1L);
      ex.setVariable(Variables.CHECKED_DATASET_URI, ex.getVariable(Variables.DATASET_URI));
    }));
    steps.add(longStep("profileDataset", ex -> {
      ex.setVariable(Variables.DATA_VERDICT, next(profileVerdicts, "PASS"));
      ex.setVariable(Variables.UNWAIVABLE_FINDINGS, next(profileUnwaivable, ""));
    }));
    steps.add(longStep("prepareDataset", ex -> {
      String verdict = next(prepareVerdicts, "PASS");
      if ("FAIL".equals(verdict)) {
        ex.setVariable(Variables.DATA_VERDICT, "FAIL");
        ex.setVariable(Variables.PREPARATION_FAILED, true);
      } else {
        ex.setVariable(Variables.SPLIT_ID, 7L);
        ex.setVariable(Variables.PREPARATION_FAILED, false);
      }
    }));
    Mocks.register("planIterationDelegate", step("planIteration", PlanIterationDelegate::countIteration));
    Mocks.register("developmentPlan", plan);
    Mocks.register("externalTrainingContract", CallContract.EXTERNAL_TRAINING);
    Mocks.register("externalTraining", new Submissions(calls));
    steps.add(longStep("gradeExternalCandidates", ex -> {
      if (gradingFails) {
        throw new org.camunda.bpm.engine.delegate.BpmnError(Variables.STEP_FAILED_ERROR, "validation.csv ends early");
      }
    }));
    steps.add(longStep("trainCandidates", ex -> {
      if (next(trainingFailures, false)) {
        throw new IllegalStateException("Tribuo ran out of patience");
      }
      trained.add((String) ex.getVariable(Variables.ALGORITHM));
    }));
    Mocks.register("selectModelDelegate", step("selectModel", ex -> ex.setVariable(Variables.CANDIDATE_MODEL_ID, 11L)));
    steps.add(longStep("evaluateModel", ex -> {
      if (next(evaluationFailures, false)) {
        throw new IllegalStateException("The test split could not be read");
      }
      if (next(dataChangedAtEvaluation, false)) {
        throw new org.camunda.bpm.engine.delegate.BpmnError(Variables.DATASET_CHANGED_ERROR,
            "The file 'churn.csv' no longer has the SHA-256 it was checked with.");
      }
      ex.setVariable(Variables.CRITERIA_MET, next(evaluations, true));
    }));
    Mocks.register("deployModelDelegate", step("deployModel", ex -> {
      Object v = ex.getVariable(Variables.MODEL_VERSION);
      ex.setVariable(Variables.MODEL_VERSION, (v instanceof Number n ? n.intValue() : 0) + 1);
      ex.setVariable(Variables.MONITORING_INTERVAL, "PT1H");
      ex.setVariable(Variables.ROLLBACK_AVAILABLE, v != null);
    }));
    Mocks.register("checkModelHealthDelegate", step("checkModelHealth",
        ex -> ex.setVariable(Variables.MODEL_HEALTH, next(healthVerdicts, "HEALTHY"))));
    Mocks.register("rejudgeCandidateDelegate", step("rejudgeCandidate",
        ex -> ex.setVariable(Variables.REJUDGED_CRITERIA_MET, next(rejudgements, true))));
    Mocks.register("serving", serving);
    Mocks.register("deployOutsideContract", new io.mlpm.process.engine.ServingContract(
        io.mlpm.deployment.ServingAction.DEPLOY));
    Mocks.register("rollbackOutsideContract", new io.mlpm.process.engine.ServingContract(
        io.mlpm.deployment.ServingAction.ROLLBACK));
    Mocks.register("retireOutsideContract", new io.mlpm.process.engine.ServingContract(
        io.mlpm.deployment.ServingAction.RETIRE));
    Mocks.register("rollbackModelDelegate", step("rollbackModel", ex -> ex.setVariable(Variables.ROLLBACK_AVAILABLE, false)));
  }

  private JavaDelegate step(String name, JavaDelegate body) {
    return ex -> {
      calls.add(name);
      body.execute(ex);
    };
  }

  /** A long step's scripted stand-in: reads and writes variables as the real one, on an external task. */
  private LongStep longStep(String name, VariableBody body) {
    return new LongStep() {
      @Override
      public String topic() {
        return "mlpm." + name;
      }

      @Override
      public long workingSet(StepScope scope) {
        return 0;
      }

      @Override
      public void work(StepScope scope) {
        calls.add(name);
        body.run(scope);
      }
    };
  }

  interface VariableBody {
    void run(org.camunda.bpm.engine.delegate.VariableScope ex);
  }

  /**
   * Works the external tasks there are now with the real worker pool's code (two retries, no
   * delay, so a failing stand-in gives up on its third attempt); returns how many were worked.
   */
  int work() {
    if (workers == null) {
      workers = new LongStepWorkers(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService(),
          steps, new LongStepSettings(false, 1, null, null, 2, java.time.Duration.ZERO, null, "test-worker"));
    }
    return workers.workAvailable();
  }

  private static <T> T next(Deque<T> queue, T fallback) {
    return queue.isEmpty() ? fallback : queue.removeFirst();
  }

  /** Stands in for {@link io.mlpm.process.delegate.DevelopmentPlan}: three candidates per iteration. */
  public static class Plan {
    /** The external candidates' topics (none unless a test sets them). */
    public List<String> external = List.of();

    public List<String> algorithms(org.camunda.bpm.engine.delegate.VariableScope scope) {
      return List.of("majority_baseline", "logistic_regression", "random_forest");
    }

    public List<String> externalTopics(org.camunda.bpm.engine.delegate.VariableScope scope) {
      return external;
    }

    public boolean hasExternal(org.camunda.bpm.engine.delegate.VariableScope scope) {
      return !external.isEmpty();
    }
  }

  /** Stands in for {@link io.mlpm.process.delegate.ServingGateways}: what the registry would say. */
  public static class Serving {
    public boolean deploysOutside;
    public boolean rollsBackOutside;
    public boolean retiresOutside;

    public boolean deploysOutside(DelegateExecution execution) {
      return deploysOutside;
    }

    public boolean rollsBackOutside(DelegateExecution execution) {
      return rollsBackOutside;
    }

    public boolean retiresOutside(DelegateExecution execution) {
      return retiresOutside;
    }
  }

  /** Stands in for {@link io.mlpm.process.delegate.ExternalTrainingRecorder}: records the upload submitted. */
  public static class Submissions {
    private final List<String> calls;

    Submissions(List<String> calls) {
      this.calls = calls;
    }

    public void submitted(DelegateExecution execution) {
      calls.add("submitted:" + execution.getVariable(Variables.UPLOAD_ID));
    }

    public String timeout() {
      return "PT1H";
    }

    public void timedOut(DelegateExecution execution) {
      calls.add("gave up:" + execution.getVariable(Variables.TRAINER_TOPIC));
    }
  }

  /** Stands in for {@link io.mlpm.process.engine.ProjectPhaseListener}, recording what it was told. */
  public class Phases {
    public void enter(DelegateExecution execution, String phase) {
      phases.add(phase);
    }

    public void close(DelegateExecution execution, String outcome) {
      phases.add("closed:" + outcome);
    }
  }

  /** Not camunda.cfg.xml: that name would be picked up by the application's REST lookup too. */
  public static org.camunda.bpm.engine.test.junit5.ProcessEngineExtension engine() {
    return org.camunda.bpm.engine.test.junit5.ProcessEngineExtension.builder()
        .configurationResource("process-test.camunda.cfg.xml").build();
  }

  void reset() {
    Mocks.reset();
  }
}
