package io.mlpm.process;

import io.mlpm.data.WorkingSet;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import org.springframework.stereotype.Component;

/** Service task {@code ingestDataset}: read, check, profile and fingerprint the file in one pass; unreadable goes to the steward. */
@Component
public class IngestDatasetDelegate implements LongStep {

  private final WorkingSet workingSet;
  private final DataPreparationService data;
  private final FindingsView findings;

  public IngestDatasetDelegate(DataPreparationService data, FindingsView findings, WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.data = data;
    this.findings = findings;
  }

  @Override
  public String topic() {
    return "mlpm.ingestDataset";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofIngest();
  }

  @Override
  public void work(StepScope execution) {
    String changed = Variables.text(execution, Variables.DATA_CHANGED_NOTE);
    if (changed != null && !changed.isBlank()) {
      // Back from model development because the file changed: the steward decides, nothing is read.
      execution.setVariable(Variables.DATA_CHANGED_NOTE, "");
      findings.writeFailure(execution, data.changedAfterApproval(execution.getProcessBusinessKey(),
          Variables.text(execution, Variables.DATASET_URI), changed));
      return;
    }
    DataCheckOutcome outcome = data.ingest(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), Variables.delimiter(execution),
        Variables.text(execution, Variables.TARGET_COLUMN), Variables.taskType(execution));
    execution.setVariable(Variables.DATASET_VERSION_ID, outcome.datasetVersionId());
    execution.setVariable(Variables.DATASET_SHA256, outcome.sha256());
    findings.write(execution, outcome);
    // A dataset new to this preparation (start, new dataset, retraining) starts with no columns left out.
    execution.setVariable(Variables.STEWARD_EXCLUDED_COLUMNS, "");
    execution.setVariable(Variables.CHECKED_DATASET_URI, Variables.text(execution, Variables.DATASET_URI));
  }

  /** The steward sees why, as an unwaivable finding: 'new dataset' tries again. */
  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, null, reason);
    execution.setVariable(Variables.CHECKED_DATASET_URI, Variables.text(execution, Variables.DATASET_URI));
  }
}
