package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;
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

/** Every branch of data-preparation.bpmn. */
@Deployment(resources = "bpmn/data-preparation.bpmn")
class DataPreparationProcessTest {

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
    ProcessInstance pi = runtimeService().startProcessInstanceByKey("data-preparation", "p1",
        Map.of(Variables.DATASET_URI, "iris.csv", Variables.TARGET_COLUMN, "species", Variables.TASK_TYPE, "classification"));
    assertThat(pi).isWaitingAt("ingestDataset");
    beans.work();
    return pi;
  }

  private void runJobsUntilTask(ProcessInstance pi) {
    do {
      for (var j = jobOf(); j != null; j = jobOf()) {
        execute(j);
      }
    } while (beans.work() > 0);
  }

  @Test
  void passingDataIsSplitAndApproved() {
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset");
    complete(task(pi), withVariables(Variables.APPROVED, true, Variables.COMMENT, "looks fine"));
    assertThat(pi).isEnded().hasPassed("dataReady").variables().containsEntry(Variables.DATA_OUTCOME, "ready")
        .containsEntry(Variables.DATASET.value(), true).doesNotContainKey(Variables.APPROVED);
    org.assertj.core.api.Assertions.assertThat(beans.calls)
        .containsExactly("ingestDataset", "profileDataset", "prepareDataset");
  }

  @Test
  void warningsAlsoGoOnToPreparation() {
    beans.profileVerdicts.add("WARN");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset").hasPassed("prepareDataset");
  }

  @Test
  void unreadableFileGoesToTheStewardWhoSuppliesANewDataset() {
    beans.ingestVerdicts.add("FAIL");
    ProcessInstance pi = start();
    assertThat(pi).isWaitingAt("resolveDataIssues").hasNotPassed("profileDataset");
    complete(task(pi), withVariables(Variables.RESOLUTION, "newDataset", Variables.DATASET_URI, "other.csv"));
    assertThat(pi).isWaitingAt("ingestDataset");
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset");
    org.assertj.core.api.Assertions.assertThat(beans.calls).containsExactly("ingestDataset", "ingestDataset",
        "profileDataset", "prepareDataset");
  }

  @Test
  void failedChecksCanBeWaivedWithAReason() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("resolveDataIssues");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "waive")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("reason");
    complete(task(pi), withVariables(Variables.RESOLUTION, "waive", Variables.COMMENT, "known gaps, accepted"));
    assertThat(pi).isWaitingAt("prepareDataset").variables().containsEntry(Variables.DATA_RESOLUTION.value(), "waive");
    // The data verdict stays FAIL after a waiver; preparation must still go on to the sign-off.
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset").variables().containsEntry(Variables.DATA_VERDICT, "FAIL");
    // The waiver travels with the dataset to its approval (and on to the deployment's).
    org.assertj.core.api.Assertions.assertThat(runtimeService().getVariable(pi.getId(), Variables.DATA_WAIVER))
        .asString().startsWith("findings waived by").endsWith(": known gaps, accepted");
  }

  @Test
  void aFindingThatMakesTheProjectImpossibleCannotBeWaived() {
    beans.profileVerdicts.add("FAIL");
    beans.profileUnwaivable.add("The target 'price' is not numeric (it looks text); regression needs numbers.");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("resolveDataIssues");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "waive", Variables.COMMENT, "ship it anyway")))
        .isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("cannot be waived", "'price' is not numeric", "'newDataset' or 'abort'");
    assertThat(pi).isWaitingAt("resolveDataIssues");
    // A new dataset is still possible, and its checks decide afresh.
    complete(task(pi), withVariables(Variables.RESOLUTION, "newDataset", Variables.DATASET_URI, "other.csv"));
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset");
  }

  @Test
  void aStewardCanLeaveColumnsOutAndTheDatasetIsCheckedAgain() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("resolveDataIssues");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "exclude", Variables.EXCLUDE_COLUMNS, "species",
        Variables.COMMENT, "x"))).isInstanceOf(ProcessEngineException.class).hasMessageContaining("is the target");
    complete(task(pi), withVariables(Variables.RESOLUTION, "exclude", Variables.EXCLUDE_COLUMNS, "leak, id", Variables.COMMENT, "leaks"));
    assertThat(pi).isWaitingAt("profileDataset").variables().containsEntry(Variables.STEWARD_EXCLUDED_COLUMNS, "leak,id")
        .doesNotContainKey(Variables.EXCLUDE_COLUMNS);
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("approveDataset");
    org.assertj.core.api.Assertions.assertThat(beans.calls)
        .containsExactly("ingestDataset", "profileDataset", "profileDataset", "prepareDataset");
  }

  @Test
  void onlyANewDatasetMayChangeTheDatasetAndTheSensitiveAttributeStays() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = runtimeService().startProcessInstanceByKey("data-preparation", "p2",
        Map.of(Variables.DATASET_URI, "iris.csv", Variables.TARGET_COLUMN, "species", Variables.TASK_TYPE, "classification",
            Variables.SENSITIVE_ATTRIBUTE, "gender"));
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("resolveDataIssues");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "waive", Variables.COMMENT, "fine",
        Variables.DATASET_URI, "other.csv"))).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("'datasetUri' may only change with the resolution 'newDataset'");
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "exclude", Variables.EXCLUDE_COLUMNS, "gender",
        Variables.COMMENT, "x"))).isInstanceOf(ProcessEngineException.class).hasMessageContaining("sensitive attribute");
    // The field as Tasklist sends it, prefilled with the same dataset, is fine.
    complete(task(pi), withVariables(Variables.RESOLUTION, "waive", Variables.COMMENT, "fine", Variables.DATASET_URI, "iris.csv"));
    assertThat(pi).isWaitingAt("prepareDataset");
  }

  @Test
  void aWaiverCannotFixAnUnreadableFile() {
    beans.ingestVerdicts.add("FAIL");
    ProcessInstance pi = start();
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "waive", Variables.COMMENT, "x")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("cannot be waived");
    assertThat(pi).isWaitingAt("resolveDataIssues");
  }

  @Test
  void theStewardCanAbort() {
    beans.profileVerdicts.add("FAIL");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    complete(task(pi), withVariables(Variables.RESOLUTION, "abort", Variables.COMMENT, "no usable data"));
    assertThat(pi).isEnded().hasPassed("dataPreparationAborted").variables().containsEntry(Variables.DATA_OUTCOME, "aborted");
  }

  @Test
  void aNewDatasetOutsideTheRootIsRefused() {
    beans.ingestVerdicts.add("FAIL");
    ProcessInstance pi = start();
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "newDataset", Variables.DATASET_URI, "../x.csv")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining(Variables.DATASET_URI);
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.RESOLUTION, "later")))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("newDataset, exclude, waive or abort");
    assertThat(pi).isWaitingAt("resolveDataIssues");
  }

  @Test
  void aFileThatVanishedBeforePreparationGoesBackToTheSteward() {
    beans.prepareVerdicts.add("FAIL");
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThat(pi).isWaitingAt("resolveDataIssues").hasPassed("prepareDataset").hasNotPassed("approveDataset");
  }

  @Test
  void aRejectedDatasetGoesBackToTheSteward() {
    ProcessInstance pi = start();
    runJobsUntilTask(pi);
    assertThatThrownBy(() -> complete(task(pi), withVariables(Variables.APPROVED, false)))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining("why");
    complete(task(pi), withVariables(Variables.APPROVED, "false", Variables.COMMENT, "target column looks shifted"));
    assertThat(pi).isWaitingAt("resolveDataIssues").variables().containsEntry(Variables.DATASET.value(), false);
  }

  private static org.camunda.bpm.engine.runtime.Job jobOf() {
    return org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService().createJobQuery()
        .executable().list().stream().findFirst().orElse(null);
  }
}
