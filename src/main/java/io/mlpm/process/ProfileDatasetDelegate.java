package io.mlpm.process;

import io.mlpm.data.WorkingSet;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Finding;
import io.mlpm.data.PolicyHit;
import io.mlpm.data.QualityFindings;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Service task {@code profileDataset}: one streaming pass profiles the ingested version; the DMN
 * table {@code data-quality-policy} turns the profile into PASS, WARN or FAIL with reasons the
 * data steward reads. Id-like and constant columns are proposed for leaving out of the features.
 */
@Component
public class ProfileDatasetDelegate implements LongStep {

  private static final com.fasterxml.jackson.databind.ObjectMapper COLUMNS_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final WorkingSet workingSet;
  private final DataPreparationService data;
  private final QualityPolicy policy;
  private final FindingsView findings;

  public ProfileDatasetDelegate(DataPreparationService data, QualityPolicy policy, FindingsView findings, WorkingSet workingSet) {
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
    String project = execution.getProcessBusinessKey();
    String uri = Variables.text(execution, Variables.DATASET_URI);
    long versionId = Variables.number(execution, Variables.DATASET_VERSION_ID);
    String target = Variables.text(execution, Variables.TARGET_COLUMN);
    TaskType taskType = Variables.taskType(execution);
    DataPreparationService.Profiled profiled = data.profile(project, uri, versionId, target, taskType,
        Variables.delimiter(execution));
    if (profiled.profile() == null) {
      findings.writeFailure(execution, data.unusable(project, uri, versionId, profiled.problem()));
      return;
    }
    // JSON, not a text variable: a wide dataset's names exceed the 4,000 characters a text holds.
    com.fasterxml.jackson.databind.node.ArrayNode columns = COLUMNS_JSON.createArrayNode();
    profiled.profile().columns().forEach(c -> columns.add(c.name()));
    execution.setVariable(Variables.DATASET_COLUMNS, Variables.json(columns.toString()));
    // Columns a steward left out are judged as absent: their findings go, the others stay.
    DatasetProfile profile = profiled.profile().without(PrepareDatasetDelegate.list(
        Variables.text(execution, Variables.STEWARD_EXCLUDED_COLUMNS)));
    List<PolicyHit> hits = policy.evaluate(profile, taskType, execution);
    List<Finding> sentences = QualityFindings.describe(hits, profile, target);
    DataCheckOutcome outcome = data.recordProfile(project, uri, versionId, profile, sentences);
    findings.write(execution, outcome);
    Set<String> exclusions = new LinkedHashSet<>(profile.idLikeColumns());
    exclusions.addAll(profile.constantColumns());
    exclusions.remove(target);
    execution.setVariable(Variables.PROFILE_EXCLUSIONS,
        FindingsView.abbreviate(String.join(",", new ArrayList<>(exclusions))));
  }

  @Override
  public void giveUp(StepScope execution, String reason) {
    findings.writeGiveUp(execution, Variables.number(execution, Variables.DATASET_VERSION_ID), reason);
  }
}
