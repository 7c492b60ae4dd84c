package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.data.DataChecks;
import io.mlpm.data.WorkingSet;
import org.springframework.stereotype.Component;

/** Service task {@code ingestDataset}: read, check, profile and fingerprint the file in one pass; unreadable goes to the steward. */
@Component
public class IngestDatasetDelegate implements LongStep {

  private final WorkingSet workingSet;
  private final DataChecks data;
  private final FindingsView findings;

  public IngestDatasetDelegate(DataChecks data, FindingsView findings, WorkingSet workingSet) {
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
    String uri = Variables.text(execution, Variables.DATASET_URI);
    DataChecks.Checked checked = data.ingest(execution.getProcessBusinessKey(), uri,
        Variables.text(execution, Variables.DATA_CHANGED_NOTE));
    if (!checked.lookedAtData()) {
      // Back from model development because the file changed: the steward decides.
      execution.setVariable(Variables.DATA_CHANGED_NOTE, "");
      findings.writeFailure(execution, checked.outcome());
      return;
    }
    execution.setVariable(Variables.DATASET_VERSION_ID, checked.outcome().datasetVersionId());
    execution.setVariable(Variables.DATASET_SHA256, checked.outcome().sha256());
    findings.write(execution, checked.outcome());
    // A dataset new to this preparation (start, new dataset, retraining) starts with no columns left out.
    execution.setVariable(Variables.STEWARD_EXCLUDED_COLUMNS, "");
    execution.setVariable(Variables.CHECKED_DATASET_URI, uri);
  }

  /** The steward sees why, as an unwaivable finding: 'new dataset' tries again. */
  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, null, reason);
    execution.setVariable(Variables.CHECKED_DATASET_URI, Variables.text(execution, Variables.DATASET_URI));
  }
}
