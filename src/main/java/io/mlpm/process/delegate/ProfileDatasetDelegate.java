package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.EngineQualityPolicy;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.data.DataChecks;
import io.mlpm.data.WorkingSet;
import org.springframework.stereotype.Component;

/**
 * Service task {@code profileDataset}: the ingested version's profile judged by the DMN table
 * {@code data-quality-policy} (PASS, WARN or FAIL with reasons the data steward reads); id-like and
 * constant columns are proposed for leaving out of the features.
 */
@Component
public class ProfileDatasetDelegate implements LongStep {

  private static final com.fasterxml.jackson.databind.ObjectMapper COLUMNS_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final WorkingSet workingSet;
  private final DataChecks data;
  private final EngineQualityPolicy policy;
  private final FindingsView findings;

  public ProfileDatasetDelegate(DataChecks data, EngineQualityPolicy policy, FindingsView findings,
      WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.data = data;
    this.policy = policy;
    this.findings = findings;
  }

  @Override
  public String topic() {
    return "mlpm.profileDataset";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofProfile(Variables.number(execution, Variables.DATASET_VERSION_ID));
  }

  @Override
  public void work(StepScope execution) {
    DataChecks.Judged judged = data.profile(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DATASET_URI), Variables.number(execution, Variables.DATASET_VERSION_ID),
        Variables.columns(execution, Variables.STEWARD_EXCLUDED_COLUMNS), policy.of(execution));
    if (!judged.check().lookedAtData()) {
      findings.writeFailure(execution, judged.check().outcome());
      return;
    }
    // JSON, not a text variable: a wide dataset's names exceed the 4,000 characters a text holds.
    com.fasterxml.jackson.databind.node.ArrayNode columns = COLUMNS_JSON.createArrayNode();
    judged.columns().forEach(columns::add);
    execution.setVariable(Variables.DATASET_COLUMNS, Variables.json(columns.toString()));
    findings.write(execution, judged.check().outcome());
    execution.setVariable(Variables.PROFILE_EXCLUSIONS,
        Variables.abbreviate(String.join(",", judged.proposedExclusions())));
  }

  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, Variables.number(execution, Variables.DATASET_VERSION_ID), reason);
  }
}
