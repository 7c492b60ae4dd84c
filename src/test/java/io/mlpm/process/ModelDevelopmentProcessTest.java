package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every branch of model-development.bpmn, including the bound on iterations. */
@Deployment(resources = "bpmn/model-development.bpmn")
class ModelDevelopmentProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessTestSupport.engine();


  private ProcessTestSupport beans;

  @BeforeEach
  void beans() throws Exception {
    beans = new ProcessTestSupport();
  }

  @AfterEach
  void reset() {
    beans.reset();
  }

  private ProcessInstance start(int maxIterations) {
    return runtimeService().startProcessInstanceByKey("model-development", "p1",
        Map.of(Variables.MAX_ITERATIONS, maxIterations, Variables.SPLIT_ID, 7L, Variables.ITERATION, 5));
  }

  private void runJobs() {
    do {
      for (var j = jobOf(); j != null; j = jobOf()) {
        execute(j);
      }
    } while (beans.work() > 0);
  }

  /**
   * The project had five iterations before this round (a retrain): this round's first is the
   * project's sixth, so its models never mix with earlier ones, and the first of the round's budget.
   */
  @Test
  void criteriaMetOnFirstIteration() {
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isEnded().hasPassed("criteriaMetEnd").variables().containsEntry(Variables.DEVELOPMENT_OUTCOME, "met")
        .containsEntry(Variables.ITERATION, 6).containsEntry(Variables.ROUND_ITERATION, 1);
  }

  @Test
  void eachCandidateTrainsAsItsOwnJobBeforeSelection() {
    ProcessInstance pi = start(3);
    for (var j = jobOf(); j != null; j = jobOf()) {
      execute(j); // the plan, then one job per candidate that opens its external task
    }
    assertThat(pi).isWaitingAt("trainCandidates");
    org.assertj.core.api.Assertions.assertThat(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests
        .externalTaskService().createExternalTaskQuery().topicName("mlpm.trainCandidates").count()).isEqualTo(3);
    runJobs();
    org.assertj.core.api.Assertions.assertThat(beans.trained)
        .containsExactlyInAnyOrder("majority_baseline", "logistic_regression", "random_forest");
    assertThat(pi).isEnded().hasPassed("planIteration", "selectModel", "evaluateModel");
  }

  @Test
  void aRetryWithAnUnknownAlgorithmIsRefused() {
    beans.evaluations.add(false);
    ProcessInstance pi = runtimeService().startProcessInstanceByKey("model-development", "p1",
        Map.of(Variables.MAX_ITERATIONS, 3, Variables.SPLIT_ID, 7L, Variables.TASK_TYPE, "classification"));
    runJobs();
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.DECISION, "retry", Variables.ALGORITHMS, "deep_magic")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("deep_magic");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.DECISION, "retry", Variables.TUNING_BUDGET, 0)))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining(Variables.TUNING_BUDGET);
    complete(task(pi), withVariables(Variables.DECISION, "retry", Variables.ALGORITHMS, "random_forest", Variables.TUNING_BUDGET, 8));
    assertThat(pi).isWaitingAt("planIteration").variables().containsEntry(Variables.ALGORITHMS, "random_forest");
  }

  @Test
  void missedCriteriaGoToReviewAndRetryTrainsAgain() {
    beans.evaluations.add(false);
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isWaitingAt("reviewIteration");
    assertThat(task(pi)).hasCandidateGroup("data-scientists");
    complete(task(pi), withVariables(Variables.DECISION, "retry", Variables.COMMENT, "more features"));
    assertThat(pi).isWaitingAt("planIteration");
    runJobs();
    assertThat(pi).isEnded().hasPassed("criteriaMetEnd").variables().containsEntry(Variables.ITERATION, 7)
        .containsEntry(Variables.ROUND_ITERATION, 2);
  }

  @Test
  void reviewCanAbort() {
    beans.evaluations.add(false);
    ProcessInstance pi = start(3);
    runJobs();
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.DECISION, "maybe")))
        .isInstanceOf(ProcessEngineException.class);
    complete(task(pi), withVariables(Variables.DECISION, "abort", Variables.COMMENT, "signal too weak"));
    assertThat(pi).isEnded().hasPassed("developmentAborted").variables().containsEntry(Variables.DEVELOPMENT_OUTCOME, "aborted");
  }

  @Test
  void afterMaxIterationsTheSponsorDecidesAndCanExtend() {
    beans.evaluations.add(false);
    beans.evaluations.add(false);
    ProcessInstance pi = start(2);
    runJobs();
    complete(task(pi), withVariables(Variables.DECISION, "retry"));
    runJobs();
    assertThat(pi).isWaitingAt("sponsorDecision");
    assertThat(task(pi)).hasCandidateGroup("sponsors");
    complete(task(pi), withVariables(Variables.DECISION, "extend", Variables.EXTRA_ITERATIONS, 2));
    assertThat(pi).isWaitingAt("planIteration").variables().containsEntry(Variables.MAX_ITERATIONS, 4);
    runJobs();
    assertThat(pi).isEnded().hasPassed("criteriaMetEnd").variables().containsEntry(Variables.ITERATION, 8)
        .containsEntry(Variables.ROUND_ITERATION, 3);
  }

  @Test
  void theSponsorCanStop() {
    beans.evaluations.add(false);
    ProcessInstance pi = start(1);
    runJobs();
    assertThat(pi).isWaitingAt("sponsorDecision").hasNotPassed("reviewIteration");
    complete(task(pi), withVariables(Variables.DECISION, "stop", Variables.COMMENT, "not worth it"));
    assertThat(pi).isEnded().hasPassed("developmentStopped").variables()
        .containsEntry(Variables.DEVELOPMENT_OUTCOME, "stopped");
  }

  @Test
  void aCandidateThatFailsOnceIsTriedAgainAndTheIterationGoesOn() {
    beans.trainingFailures.add(true);
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isEnded().hasPassed("criteriaMetEnd").hasNotPassed("trainingFailed");
    org.assertj.core.api.Assertions.assertThat(beans.trained)
        .containsExactlyInAnyOrder("majority_baseline", "logistic_regression", "random_forest");
  }

  @Test
  void aCandidateThatFailsOnEveryAttemptGoesToTheDataScientistWithTheReason() {
    beans.trainingFailures.addAll(java.util.List.of(true, true, true));
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isWaitingAt("reviewIteration").hasPassed("trainingFailed").hasNotPassed("selectModel");
    assertThat(pi).variables().extractingByKey(Variables.STEP_FAILURE).asString()
        .contains("The step 'trainCandidates' failed 3 times: Tribuo ran out of patience");
    org.assertj.core.api.Assertions.assertThat(org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests
        .externalTaskService().createExternalTaskQuery().count()).as("the other candidates are cancelled").isZero();
    complete(task(), withVariables(Variables.DECISION, "retry"));
    runJobs();
    assertThat(pi).isEnded().hasPassed("criteriaMetEnd");
  }

  @Test
  void anEvaluationThatFailsOnEveryAttemptGoesToTheDataScientistWithTheReason() {
    beans.evaluationFailures.addAll(java.util.List.of(true, true, true));
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isWaitingAt("reviewIteration").hasPassed("evaluationFailed").hasNotPassed("criteriaGateway");
    assertThat(pi).variables().extractingByKey(Variables.STEP_FAILURE).asString()
        .contains("The step 'evaluateModel' failed 3 times: The test split could not be read");
    complete(task(), withVariables(Variables.DECISION, "abort"));
    assertThat(pi).isEnded().hasPassed("developmentAborted");
  }

  /** The team's trainer of topic "team": fetches its task, sees only the split, iteration and topic, completes. */
  private void trainOutside(String upload) {
    var externalTasks = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService();
    var locked = externalTasks.fetchAndLock(1, "trainer").topic("team", 60_000).execute();
    org.assertj.core.api.Assertions.assertThat(locked).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(locked.get(0).getVariables().keySet())
        .containsExactlyInAnyOrder(Variables.SPLIT_ID, Variables.ITERATION, Variables.TRAINER_TOPIC);
    org.assertj.core.api.Assertions.assertThat(locked.get(0).getBusinessKey()).isEqualTo("p1");
    externalTasks.complete(locked.get(0).getId(), "trainer", Map.of(Variables.UPLOAD_ID, upload));
  }

  @Test
  @Deployment(resources = {"bpmn/model-development.bpmn", "bpmn/external-training.bpmn"})
  void externalCandidatesAreTrainedOutsideAndGradedBeforeSelection() {
    beans.plan.external = java.util.List.of("team");
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isWaitingAt("trainExternally").hasPassed("trainCandidates");
    trainOutside("upload-1");
    runJobs();
    org.assertj.core.api.Assertions.assertThat(beans.calls).contains("submitted:upload-1");
    assertThat(pi).isEnded().hasPassed("trainExternally", "gradeExternalCandidates", "selectModel", "criteriaMetEnd");
  }

  @Test
  @Deployment(resources = {"bpmn/model-development.bpmn", "bpmn/external-training.bpmn"})
  void aTrainerThatNeverAnswersIsGivenUpAndTheIterationGoesOn() {
    beans.plan.external = java.util.List.of("team");
    ProcessInstance pi = start(3);
    runJobs();
    assertThat(pi).isWaitingAt("trainExternally");
    var timer = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService().createJobQuery()
        .timers().singleResult();
    org.assertj.core.api.Assertions.assertThat(timer).as("the trainer's deadline").isNotNull();
    execute(timer);
    runJobs();
    org.assertj.core.api.Assertions.assertThat(beans.calls).contains("gave up:team")
        .noneMatch(c -> c.startsWith("submitted:"));
    assertThat(pi).isEnded().hasPassed("gradeExternalCandidates", "selectModel");
  }

  @Test
  @Deployment(resources = {"bpmn/model-development.bpmn", "bpmn/external-training.bpmn"})
  void anUploadThatCannotBeGradedGoesToTheDataScientist() {
    beans.plan.external = java.util.List.of("team");
    beans.gradingFails = true;
    ProcessInstance pi = start(3);
    runJobs();
    trainOutside("upload-2");
    runJobs();
    assertThat(pi).isWaitingAt("reviewIteration").hasPassed("gradingFailed").hasNotPassed("selectModel");
  }

  private static org.camunda.bpm.engine.runtime.Job jobOf() {
    return org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService().createJobQuery()
        .executable().list().stream().findFirst().orElse(null);
  }
}
