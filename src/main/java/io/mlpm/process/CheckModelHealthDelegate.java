package io.mlpm.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.monitoring.HealthChecks;
import io.mlpm.monitoring.HealthCheckService;
import io.mlpm.monitoring.HealthFinding;
import io.mlpm.monitoring.HealthReport;
import io.mlpm.monitoring.HealthThresholds;
import io.mlpm.monitoring.MonitoringMetrics;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/**
 * Service task {@code checkModelHealth}: drift of recent predictions against the training data and
 * live metrics from feedback, judged by the DMN table {@code monitoring-policy}.
 */
@Component
public class CheckModelHealthDelegate implements JavaDelegate {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HealthCheckService health;
  private final HealthChecks checks;
  private final PolicyEvaluation policies;
  private final MonitoringMetrics metrics;

  public CheckModelHealthDelegate(HealthCheckService health, HealthChecks checks, PolicyEvaluation policies,
      MonitoringMetrics metrics) {
    this.health = health;
    this.checks = checks;
    this.policies = policies;
    this.metrics = metrics;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String project = execution.getProcessBusinessKey();
    // The engine's clock, so tests that move it see the same "now" as the timer did.
    Instant now = ClockUtil.getCurrentTime().toInstant();
    HealthReport report = health.check(project, now, HealthThresholds.DEFAULTS);
    String verdict = (String) policies.evaluate("monitoring-policy", report.policyInputs(), execution)
        .getSingleResult().getEntry("health");
    long checkId = checks.save(project, report, verdict);
    metrics.record(project, report);
    ArrayNode rows = JSON.createArrayNode();
    for (HealthFinding f : report.findings()) {
      rows.addObject().put("feature", f.feature() == null ? "" : f.feature())
          .put("figure", f.figure() == null ? "" : f.figure()).put("message", f.message());
    }
    execution.setVariable(Variables.MODEL_HEALTH, verdict);
    execution.setVariable("healthCheckId", checkId);
    execution.setVariable("healthSummary", FindingsView.abbreviate(verdict + ": " + report.summary()));
    execution.setVariable("healthFindings", Variables.json(rows.toString()));
  }
}
