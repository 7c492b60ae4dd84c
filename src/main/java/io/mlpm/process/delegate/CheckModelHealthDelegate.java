package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.PolicyEvaluation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.monitoring.HealthFinding;
import io.mlpm.monitoring.HealthWatch;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Service task {@code checkModelHealth}: drift of recent predictions against the training data and
 * live metrics from feedback, judged by the DMN table {@code monitoring-policy} (its version noted
 * for the review that may follow).
 */
@Component
public class CheckModelHealthDelegate implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HealthWatch watch;
  private final PolicyEvaluation policies;

  public CheckModelHealthDelegate(HealthWatch watch, PolicyEvaluation policies) {
    this.watch = watch;
    this.policies = policies;
  }

  @Override
  public void execute(DelegateExecution execution) {
    // The engine's clock, so tests that move it see the same "now" as the timer did.
    HealthWatch.Judgement judged = watch.check(execution.getProcessBusinessKey(), ClockUtil.getCurrentTime().toInstant(),
        inputs -> (String) policies.evaluate("monitoring-policy", inputs, execution).getSingleResult().getEntry("health"));
    ArrayNode rows = JSON.createArrayNode();
    for (HealthFinding f : judged.report().findings()) {
      rows.addObject().put("feature", f.feature() == null ? "" : f.feature())
          .put("figure", f.figure() == null ? "" : f.figure()).put("message", f.message());
    }
    execution.setVariable(Variables.MODEL_HEALTH, judged.verdict());
    execution.setVariable(Variables.HEALTH_CHECK_ID, judged.checkId());
    execution.setVariable(Variables.HEALTH_SUMMARY, Variables.abbreviate(judged.verdict() + ": " + judged.report().summary()));
    execution.setVariable(Variables.HEALTH_FINDINGS, Variables.json(rows.toString()));
  }
}
