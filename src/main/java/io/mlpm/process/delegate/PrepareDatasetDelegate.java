package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.data.DataChecks;
import io.mlpm.data.WorkingSet;
import org.springframework.stereotype.Component;

/**
 * Service task {@code prepareDataset}: duplicates removed (kept when the steward waived them), the profile's proposed, the charter's and
 * the steward's exclusions left out, a seeded stratified train/validation/test split recorded for
 * later rebuilds. A file that vanished or changed since it was checked goes back to the data steward.
 */
@Component
public class PrepareDatasetDelegate implements LongStep {

  private final WorkingSet workingSet;
  private final DataChecks data;
  private final FindingsView findings;

  public PrepareDatasetDelegate(DataChecks data, FindingsView findings, WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.data = data;
    this.findings = findings;
  }

  @Override
  public String topic() {
    return "mlpm.prepareDataset";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofPreparation(Variables.number(execution, Variables.DATASET_VERSION_ID));
  }

  @Override
  public void work(StepScope execution) {
    DataChecks.Prepared prepared = data.prepare(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), Variables.number(execution, Variables.DATASET_VERSION_ID),
        Variables.columns(execution, Variables.PROFILE_EXCLUSIONS),
        Variables.columns(execution, Variables.STEWARD_EXCLUDED_COLUMNS),
        "waive".equals(execution.getVariable(Variables.DATA_RESOLUTION.value())));
    // Its own flag: after a waiver the data verdict is still FAIL, and that must not send it back.
    execution.setVariable(Variables.PREPARATION_FAILED, prepared.failure() != null);
    if (prepared.failure() != null) {
      findings.writeFailure(execution, prepared.failure());
      return;
    }
    execution.setVariable(Variables.SPLIT_ID, prepared.split().splitId());
    execution.setVariable(Variables.SPLIT_SUMMARY, prepared.summary());
  }

  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, Variables.number(execution, Variables.DATASET_VERSION_ID), reason);
    execution.setVariable(Variables.PREPARATION_FAILED, true);
  }
}
