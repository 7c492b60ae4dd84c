package io.mlpm.process.engine;

import io.mlpm.data.PolicyHit;
import io.mlpm.data.QualityPolicy;
import io.mlpm.data.Severity;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/** The data quality policy on the engine: the DMN table {@code data-quality-policy}, its version noted in the process. */
@Component
public class EngineQualityPolicy {

  private final PolicyEvaluation policies;

  EngineQualityPolicy(PolicyEvaluation policies) {
    this.policies = policies;
  }

  public QualityPolicy of(VariableScope process) {
    return inputs -> policies.evaluate("data-quality-policy", inputs, process).getResultList().stream()
        .map(r -> new PolicyHit((String) r.get("check"), Severity.valueOf((String) r.get("verdict")),
            r.get("threshold") instanceof Number n ? n.doubleValue() : null))
        .toList();
  }
}
