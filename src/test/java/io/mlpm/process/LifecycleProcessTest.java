package io.mlpm.process;

import io.mlpm.process.engine.EngineProjectChanges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.taskService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every branch of ml-project-lifecycle.bpmn, with the real called processes. */
@Deployment(resources = {"bpmn/ml-project-lifecycle.bpmn", "bpmn/data-preparation.bpmn",
    "bpmn/model-development.bpmn", "bpmn/external-serving.bpmn", "bpmn/deployment-approval.dmn"})
class LifecycleProcessTest {

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

  private ProcessInstance start() {
    return start(Map.of());
  }

  private ProcessInstance start(Map<String, Object> extra) {
    Map<String, Object> charter = new HashMap<>(extra);
    charter.put(Variables.PROJECT_NAME, "Churn");
    charter.put("sponsor", "sponsor");
    charter.put(Variables.DATASET_URI, "churn.csv");
    charter.put(Variables.TARGET_COLUMN, "churned");
    charter.put(Variables.TASK_TYPE, "classification");
    charter.put(Variables.MAX_ITERATIONS, 2);
    charter.putIfAbsent(Variables.RISK_LEVEL, "medium");
    charter.putIfAbsent(Variables.SENSITIVE_ATTRIBUTE, null);
    return runtimeService().startProcessInstanceByKey("ml-project-lifecycle", "churn", charter);
  }

  /** Runs every job of the project (its called processes included) until people must act. */
  private void runJobs() {
    do {
      for (Job job = nextJob(); job != null; job = nextJob()) {
        execute(job);
      }
    } while (beans.work() > 0);
  }

  private Job nextJob() {
    return managementService().createJobQuery().executable().list().stream()
        .findFirst().orElse(null);
  }

  /** The one open task of the project, wherever in the called processes it is. */
  private Task openTask(String key) {
    Task task = taskService().createTaskQuery().processInstanceBusinessKey("churn").singleResult();
    assertThat(task.getTaskDefinitionKey()).isEqualTo(key);
    return task;
  }

  private ProcessInstance approvedCharter() {
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt("approveCharter");
    assertThat(openTask("approveCharter")).isNotNull();
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    return pi;
  }

  @Test
  void aFileChangedDuringModelDevelopmentSendsTheProjectBackToDataPreparation() {
    beans.dataChangedAtEvaluation.add(true);
    ProcessInstance pi = approvedCharter();
    // The error ends model development; the data is checked and signed off again, the reason kept.
    assertThat(pi).hasPassed("dataChangedDuringDevelopment").isWaitingAt("prepareData");
    assertThat(beans.calls.stream().filter("ingestDataset"::equals).count()).isEqualTo(2);
    assertThat(beans.phases).containsSubsequence("data-preparation", "model-development", "data-preparation");
    assertThat(runtimeService().getVariable(pi.getId(), Variables.DATA_CHANGED_NOTE)).asString()
        .contains("no longer has the SHA-256");
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    assertThat(openTask("approveDeployment")).isNotNull();
  }

  @Test
  void theSponsorSignsOffTheCharter() {
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt("approveCharter").hasPassed("validateCharter");
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(
        org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task(pi)).hasCandidateUser("sponsor");
  }

  @Test
  void aRejectedCharterEndsTheProject() {
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, false, Variables.COMMENT, "no budget"));
    assertThat(pi).isEnded().hasPassed("charterRejected");
    assertThat(beans.phases).containsExactly("charter-approval", "closed:rejected");
  }

  @Test
  void theWholeLifecycleToProductionAndRetirement() {
    ProcessInstance pi = approvedCharter();
    assertThat(pi).isWaitingAt("approveDeployment");
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true, Variables.COMMENT, "ship it"));
    runJobs();
    assertThat(pi).hasPassed("assessDeploymentRisk").hasNotPassed("approveDeploymentCompliance")
        .isWaitingAt("inProduction").variables().containsEntry(Variables.MODEL_VERSION, 1);
    runtimeService().createMessageCorrelation("retire-project").processInstanceBusinessKey("churn").correlate();
    assertThat(pi).isEnded().hasPassed("retired");
    assertThat(beans.phases).containsExactly("charter-approval", "data-preparation", "model-development",
        "deployment-approval", "production", "closed:retired");
  }

  @Test
  void aModelTrainedOutsideIsDeployedAndWithdrawnByItsServingWorker() {
    beans.serving.deploysOutside = true;
    ProcessInstance pi = approvedCharter();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    runJobs();
    // Not promoted before the worker reports where it serves.
    assertThat(pi).isWaitingAt("deployOutside").hasNotPassed("deployModel");
    serveOutside("deploy-model");
    runJobs();
    assertThat(pi).hasPassed("deployOutside", "deployModel").isWaitingAt("inProduction");
    beans.serving.retiresOutside = true;
    runtimeService().createMessageCorrelation("retire-project").processInstanceBusinessKey("churn").correlate();
    runJobs();
    assertThat(pi).isWaitingAt("retireOutside").isNotEnded();
    serveOutside("retire-model");
    runJobs();
    assertThat(pi).isEnded().hasPassed("retireOutside", "retired");
  }

  @Test
  void aRollbackOfAModelServedOutsideWaitsForItsServingWorker() {
    beans.healthVerdicts.add("DEGRADED");
    ProcessInstance pi = inProduction();
    assertThat(pi).hasNotPassed("deployOutside");
    runDueTimers();
    runJobs();
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "retrain"));
    runJobs();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    runJobs();
    beans.healthVerdicts.add("DEGRADED");
    runDueTimers();
    runJobs();
    beans.serving.rollsBackOutside = true;
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "rollback"));
    runJobs();
    assertThat(pi).isWaitingAt("rollbackOutside").hasNotPassed("rollbackModel");
    serveOutside("rollback-model");
    runJobs();
    assertThat(pi).hasPassed("rollbackOutside", "rollbackModel").isWaitingAt("inProduction");
  }

  /** Works the one serving task of the topic as a serving worker would (the application completes it on its report). */
  private void serveOutside(String topic) {
    var tasks = org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService().fetchAndLock(10,
        "worker").topic(topic, 60_000).execute();
    org.assertj.core.api.Assertions.assertThat(tasks).hasSize(1);
    org.assertj.core.api.Assertions.assertThat(tasks.get(0).getProcessDefinitionKey()).isEqualTo("external-serving");
    org.assertj.core.api.Assertions.assertThat(tasks.get(0).getBusinessKey()).isEqualTo("churn");
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.externalTaskService().complete(tasks.get(0).getId(),
        "worker");
  }

  private ProcessInstance inProduction(Object... charterExtras) {
    Map<String, Object> extra = new HashMap<>();
    for (int i = 0; i < charterExtras.length; i += 2) {
      extra.put((String) charterExtras[i], charterExtras[i + 1]);
    }
    ProcessInstance pi = start(extra);
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    runJobs();
    return pi;
  }

  @Test
  void highRiskProjectsNeedAComplianceCoSign() {
    ProcessInstance pi = highRiskAtCoSign();
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(openTask("approveDeploymentCompliance"))
        .hasCandidateGroup("compliance");
    complete(openTask("approveDeploymentCompliance"), withVariables(Variables.APPROVED, true, Variables.COMMENT, "fair enough"));
    runJobs();
    assertThat(pi).hasPassed("deployModel").isWaitingAt("inProduction");
  }

  @Test
  void aSensitiveAttributeNeedsComplianceAndItsRejectionGoesBackToModelDevelopment() {
    ProcessInstance pi = start(Map.of(Variables.SENSITIVE_ATTRIBUTE, "gender"));
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    complete(openTask("approveDeploymentCompliance"), withVariables(Variables.APPROVED, false, Variables.COMMENT, "bias by gender"));
    assertThat(pi).isWaitingAt("developModel").hasNotPassed("deployModel");
  }

  @Test
  void healthyChecksWaitForTheNextOneOnTheEngineClock() {
    ProcessInstance pi = inProduction();
    assertThat(pi).isWaitingAt("inProduction");
    assertThat(dueTimers()).isZero();
    org.camunda.bpm.engine.impl.util.ClockUtil.offset(61 * 60 * 1000L);
    try {
      assertThat(dueTimers()).isEqualTo(1);
      runDueTimers();
      runJobs();
      assertThat(beans.calls).contains("checkModelHealth");
      assertThat(pi).isWaitingAt("inProduction");
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
  }

  @Test
  void aWarningIsNotADegradation() {
    beans.healthVerdicts.add("WARN");
    ProcessInstance pi = inProduction();
    runDueTimers();
    runJobs();
    assertThat(pi).hasPassed("checkModelHealth").isWaitingAt("inProduction");
  }

  @Test
  void degradationCanBeAcceptedWithAReason() {
    beans.healthVerdicts.add("DEGRADED");
    ProcessInstance pi = inProduction();
    runDueTimers();
    runJobs();
    org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat(openTask("reviewDegradation"))
        .hasCandidateGroup("ml-engineers");
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "accept", Variables.COMMENT, "seasonal, expected"));
    assertThat(pi).isWaitingAt("inProduction").variables()
        .containsEntry(Variables.DEGRADATION_DECISION.value(), "accept");
  }

  @Test
  void degradationCanBeRolledBackWhenAnEarlierModelExists() {
    beans.healthVerdicts.add("DEGRADED");
    ProcessInstance pi = inProduction();
    runDueTimers();
    runJobs();
    // The first production model has nothing to roll back to.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(openTask("reviewDegradation"),
        withVariables(Variables.DECISION, "rollback"))).hasMessageContaining("no earlier production model");
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "retrain"));
    assertThat(pi).isWaitingAt("developModel");
    runJobs();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    runJobs();
    // The retrain's iteration is the project's second, not a second "iteration 1".
    assertThat(pi).variables().containsEntry(Variables.MODEL_VERSION, 2).containsEntry(Variables.ROLLBACK_AVAILABLE, true)
        .containsEntry(Variables.ITERATION, 2).containsEntry(Variables.ROUND_ITERATION, 1);
    beans.healthVerdicts.add("DEGRADED");
    runDueTimers();
    runJobs();
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "rollback"));
    runJobs();
    assertThat(pi).hasPassed("rollbackModel").isWaitingAt("inProduction");
  }

  @Test
  void retrainingOnANewDatasetPreparesItsDataFirst() throws Exception {
    java.nio.file.Files.writeString(beans.datasets.resolve("fresh.csv"), "a,b\n1,2\n");
    beans.healthVerdicts.add("DEGRADED");
    ProcessInstance pi = inProduction();
    runDueTimers();
    runJobs();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> complete(openTask("reviewDegradation"),
        withVariables(Variables.DECISION, "retrain", Variables.RETRAIN_DATASET_URI, "../outside.csv")))
        .hasMessageContaining(Variables.RETRAIN_DATASET_URI);
    complete(openTask("reviewDegradation"), withVariables(Variables.DECISION, "retrain", Variables.RETRAIN_DATASET_URI, "fresh.csv"));
    assertThat(pi).isWaitingAt("prepareData").variables().containsEntry(Variables.DATASET_URI, "fresh.csv");
    runJobs();
    assertThat(openTask("approveDataset")).isNotNull();
  }

  @Test
  void aProjectCanRetireWhileADegradationIsUnderReview() {
    beans.healthVerdicts.add("DEGRADED");
    ProcessInstance pi = inProduction();
    runDueTimers();
    runJobs();
    assertThat(openTask("reviewDegradation")).isNotNull();
    runtimeService().createMessageCorrelation("retire-project").processInstanceBusinessKey("churn").correlate();
    assertThat(pi).isEnded().hasPassed("retired").hasNotPassed("retireOutside");
  }

  private long dueTimers() {
    return managementService().createJobQuery().timers().executable().count();
  }

  /** Fires the health-check timer as if its time had come. */
  private void runDueTimers() {
    for (Job timer : managementService().createJobQuery().timers().list()) {
      execute(timer);
    }
  }

  @Test
  void aRejectedDeploymentGoesBackToModelDevelopment() {
    ProcessInstance pi = approvedCharter();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, false, Variables.COMMENT, "check fairness first"));
    assertThat(pi).isWaitingAt("developModel");
    runJobs();
    assertThat(pi).isWaitingAt("approveDeployment");
    assertThat(beans.calls).filteredOn("selectModel"::equals).hasSize(2);
  }

  @Test
  void abortedDataPreparationEndsTheProject() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("resolveDataIssues"), withVariables(Variables.RESOLUTION, "abort", Variables.COMMENT, "unusable"));
    runJobs();
    assertThat(pi).isEnded().hasPassed("dataAborted");
    assertThat(beans.phases).contains("closed:aborted");
  }

  @Test
  void stoppedModelDevelopmentEndsTheProject() {
    beans.evaluations.add(false);
    beans.evaluations.add(false);
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("reviewIteration"), withVariables(Variables.DECISION, "retry"));
    runJobs();
    complete(openTask("sponsorDecision"), withVariables(Variables.DECISION, "stop", Variables.COMMENT, "enough"));
    runJobs();
    assertThat(pi).isEnded().hasPassed("developmentEnded").hasNotPassed("approveDeployment");
    assertThat(beans.phases).contains("closed:stopped");
  }

  /** A high-risk project whose deployment the sponsor approved: compliance co-signs next. */
  private ProcessInstance highRiskAtCoSign() {
    ProcessInstance pi = start(Map.of(Variables.RISK_LEVEL, "high"));
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    complete(openTask("approveDeployment"), withVariables(Variables.APPROVED, true));
    return pi;
  }

  /** What an approved change request does to the running project (the real engine adapter). */
  private void charterChanged(Map<String, Object> values, boolean datasetChanged) {
    new EngineProjectChanges(runtimeService(), org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.repositoryService()).applyToRunningProject("churn", values, datasetChanged);
  }

  @Test
  void aNewDatasetDuringDataPreparationPreparesTheNewOne() {
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables(Variables.APPROVED, true));
    runJobs();
    assertThat(openTask("approveDataset")).isNotNull();
    charterChanged(Map.of(Variables.DATASET_URI, "other.csv"), true);
    assertThat(pi).hasPassed("datasetChangedDuringPreparation").isWaitingAt("prepareData");
    runJobs();
    assertThat(openTask("approveDataset")).isNotNull();
    assertThat(beans.calls.stream().filter("ingestDataset"::equals).count()).isEqualTo(2);
    assertThat(runtimeService().getVariable(pi.getId(), Variables.DATASET_URI)).isEqualTo("other.csv");
  }

  @Test
  void aNewDatasetDuringModelDevelopmentGoesBackToDataPreparation() {
    beans.evaluations.add(false);
    ProcessInstance pi = approvedCharter();
    assertThat(openTask("reviewIteration")).isNotNull();
    charterChanged(Map.of(Variables.DATASET_URI, "other.csv"), true);
    assertThat(pi).hasPassed("datasetChangedDuringDevelopment").isWaitingAt("prepareData");
    runJobs();
    complete(openTask("approveDataset"), withVariables(Variables.APPROVED, true));
    runJobs();
    assertThat(openTask("approveDeployment")).isNotNull();
    assertThat(beans.phases).containsSubsequence("model-development", "data-preparation", "model-development");
  }

  @Test
  void newCriteriaDuringModelDevelopmentApplyToItsNextEvaluationWithoutInterruptingIt() {
    beans.evaluations.add(false);
    ProcessInstance pi = approvedCharter();
    Task review = openTask("reviewIteration");
    charterChanged(Map.of(Variables.SUCCESS_CRITERIA, "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.6}]"),
        false);
    assertThat(pi).isWaitingAt("developModel");
    assertThat(taskService().getVariable(review.getId(), Variables.SUCCESS_CRITERIA)).asString().contains("0.6");
    complete(review, withVariables(Variables.DECISION, "retry"));
    runJobs();
    assertThat(runtimeService().getVariable(pi.getId(), Variables.SUCCESS_CRITERIA)).asString().contains("0.6");
  }

  @Test
  void newCriteriaJudgeTheCandidateWaitingForDeploymentAgain() {
    ProcessInstance pi = approvedCharter();
    assertThat(openTask("approveDeployment")).isNotNull();
    charterChanged(Map.of(Variables.RISK_LEVEL, "low"), false);
    runJobs();
    assertThat(pi).hasPassed("charterChangedDuringApproval", "rejudgeCandidate").isWaitingAt("approveDeployment");
    assertThat(beans.calls).filteredOn("selectModel"::equals).hasSize(1);
  }

  @Test
  void aCandidateThatNoLongerMeetsTheCharterGoesBackToModelDevelopment() {
    beans.rejudgements.add(false);
    ProcessInstance pi = approvedCharter();
    charterChanged(Map.of(Variables.SUCCESS_CRITERIA, "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.99}]"),
        false);
    runJobs();
    assertThat(pi).hasPassed("rejudgeCandidate", "rejudgedGateway").isWaitingAt("approveDeployment");
    assertThat(beans.calls).filteredOn("selectModel"::equals).hasSize(2);
  }

  @Test
  void aNewDatasetWhileTheDeploymentWaitsGoesBackToDataPreparation() {
    ProcessInstance pi = approvedCharter();
    charterChanged(Map.of(Variables.DATASET_URI, "other.csv"), true);
    assertThat(pi).hasPassed("charterChangedDuringApproval", "charterChangeGateway").isWaitingAt("prepareData")
        .hasNotPassed("rejudgeCandidate");
  }

  @Test
  void aChangeDuringTheComplianceCoSignJudgesTheCandidateAgain() {
    ProcessInstance pi = highRiskAtCoSign();
    assertThat(openTask("approveDeploymentCompliance")).isNotNull();
    charterChanged(Map.of(Variables.RISK_LEVEL, "medium"), false);
    runJobs();
    assertThat(pi).hasPassed("charterChangedDuringCoSign", "rejudgeCandidate").isWaitingAt("approveDeployment");
  }
}
