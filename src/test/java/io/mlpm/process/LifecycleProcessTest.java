package io.mlpm.process;

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
    "bpmn/model-development.bpmn"})
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
    Map<String, Object> charter = new HashMap<>();
    charter.put("projectName", "Churn");
    charter.put("sponsor", "sponsor");
    charter.put("datasetUri", "churn.csv");
    charter.put("targetColumn", "churned");
    charter.put("taskType", "classification");
    charter.put("maxIterations", 2);
    return runtimeService().startProcessInstanceByKey("ml-project-lifecycle", "churn", charter);
  }

  /** Runs every job of the project (its called processes included) until people must act. */
  private void runJobs() {
    for (Job job = nextJob(); job != null; job = nextJob()) {
      execute(job);
    }
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
    complete(openTask("approveCharter"), withVariables("approved", true));
    runJobs();
    complete(openTask("approveDataset"), withVariables("approved", true));
    runJobs();
    return pi;
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
    complete(openTask("approveCharter"), withVariables("approved", false, "comment", "no budget"));
    assertThat(pi).isEnded().hasPassed("charterRejected");
    assertThat(beans.phases).containsExactly("charter-approval", "closed:rejected");
  }

  @Test
  void theWholeLifecycleToProductionAndRetirement() {
    ProcessInstance pi = approvedCharter();
    assertThat(pi).isWaitingAt("approveDeployment");
    complete(openTask("approveDeployment"), withVariables("approved", true, "comment", "ship it"));
    runJobs();
    assertThat(pi).isWaitingAt("projectRetired").variables().containsEntry("modelVersion", 1);
    runtimeService().createMessageCorrelation("retire-project").processInstanceBusinessKey("churn").correlate();
    assertThat(pi).isEnded().hasPassed("retired");
    assertThat(beans.phases).containsExactly("charter-approval", "data-preparation", "model-development",
        "deployment-approval", "production", "closed:retired");
  }

  @Test
  void aRejectedDeploymentGoesBackToModelDevelopment() {
    ProcessInstance pi = approvedCharter();
    complete(openTask("approveDeployment"), withVariables("approved", false, "comment", "check fairness first"));
    assertThat(pi).isWaitingAt("developModel");
    runJobs();
    assertThat(pi).isWaitingAt("approveDeployment");
    assertThat(beans.calls).filteredOn("trainCandidates"::equals).hasSize(2);
  }

  @Test
  void abortedDataPreparationEndsTheProject() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables("approved", true));
    runJobs();
    complete(openTask("resolveDataIssues"), withVariables("resolution", "abort", "comment", "unusable"));
    runJobs();
    assertThat(pi).isEnded().hasPassed("dataAborted");
    assertThat(beans.phases).contains("closed:aborted");
  }

  @Test
  void stoppedModelDevelopmentEndsTheProject() {
    beans.evaluations.add(false);
    beans.evaluations.add(false);
    ProcessInstance pi = start();
    complete(openTask("approveCharter"), withVariables("approved", true));
    runJobs();
    complete(openTask("approveDataset"), withVariables("approved", true));
    runJobs();
    complete(openTask("reviewIteration"), withVariables("decision", "retry"));
    runJobs();
    complete(openTask("sponsorDecision"), withVariables("decision", "stop", "comment", "enough"));
    runJobs();
    assertThat(pi).isEnded().hasPassed("developmentEnded").hasNotPassed("approveDeployment");
    assertThat(beans.phases).contains("closed:stopped");
  }
}
