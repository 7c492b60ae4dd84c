package io.mlpm.monitoring;

import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * One health check of a project in production: drift and live metrics measured, judged by the
 * monitoring policy, kept in the project's records (which tell who is notified) and in the metrics.
 */
@Service
public class HealthWatch {

  /** The recorded check: its id, the policy's verdict and the figures it was given. */
  public record Judgement(long checkId, String verdict, HealthReport report) {}

  private final HealthCheckService health;
  private final HealthChecks checks;
  private final MonitoringMetrics metrics;

  public HealthWatch(HealthCheckService health, HealthChecks checks, MonitoringMetrics metrics) {
    this.health = health;
    this.checks = checks;
    this.metrics = metrics;
  }

  /** @param now the process engine's clock, so that a test moving it sees the same "now" as the timer */
  public Judgement check(String projectKey, Instant now, HealthPolicy policy) {
    HealthReport report = health.check(projectKey, now, HealthThresholds.DEFAULTS);
    String verdict = policy.verdict(report.policyInputs());
    long checkId = checks.save(projectKey, report, verdict);
    metrics.record(projectKey, report);
    return new Judgement(checkId, verdict, report);
  }
}
