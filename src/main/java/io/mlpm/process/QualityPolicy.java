package io.mlpm.process;

import io.mlpm.data.PolicyHit;
import io.mlpm.data.QualityFindings;
import io.mlpm.data.Severity;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.ml.TaskType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/** Runs the DMN table {@code data-quality-policy} on a profile, with the charter's overrides. */
@Component
public class QualityPolicy {

  /** Charter variables that override the table's default thresholds. */
  public static final List<String> OVERRIDES = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(io.mlpm.charter.CharterValidator.MIN_ROWS),
      io.mlpm.charter.CharterValidator.QUALITY_RATIOS.stream()).toList();
  private final PolicyEvaluation policies;

  QualityPolicy(PolicyEvaluation policies) {
    this.policies = policies;
  }

  public List<PolicyHit> evaluate(DatasetProfile profile, TaskType taskType, VariableScope charter) {
    Map<String, Object> inputs = new HashMap<>(QualityFindings.policyInputs(profile, taskType));
    for (String name : OVERRIDES) {
      Object v = charter.getVariable(name);
      // Validated with the charter at the start (CharterValidator.checkQualityOverrides).
      inputs.put(name, v instanceof String s && !s.isBlank() ? Double.valueOf(s.trim()) : v);
    }
    return policies.evaluate("data-quality-policy", inputs, charter).getResultList().stream()
        .map(r -> new PolicyHit((String) r.get("check"), Severity.valueOf((String) r.get("verdict")),
            r.get("threshold") instanceof Number n ? n.doubleValue() : null))
        .toList();
  }
}
