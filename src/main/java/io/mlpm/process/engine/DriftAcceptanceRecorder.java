package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.MlpmProperties;
import io.mlpm.monitoring.DriftAcceptances;
import io.mlpm.monitoring.HealthChecks;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.springframework.stereotype.Component;

/** An accepted degradation silences the drifted features of the reviewed check for a set period. */
@Component
class DriftAcceptanceRecorder implements AcceptanceRecorder {

  private final DriftAcceptances acceptances;
  private final HealthChecks checks;
  private final MlpmProperties properties;

  DriftAcceptanceRecorder(DriftAcceptances acceptances, HealthChecks checks, MlpmProperties properties) {
    this.acceptances = acceptances;
    this.checks = checks;
    this.properties = properties;
  }

  @Override
  public void accept(DelegateTask task, String reason) {
    Object checkId = task.getVariable(Variables.HEALTH_CHECK_ID);
    if (!(checkId instanceof Number id)) {
      return;
    }
    List<String> drifted = checks.find(id.longValue()).map(c -> c.report().driftedFeatures()).orElse(List.of());
    if (!drifted.isEmpty()) {
      String user = DecisionListener.user(task);
      acceptances.accept(task.getExecution().getProcessBusinessKey(), drifted, user, reason,
          properties.monitoring().acceptPeriod());
    }
  }
}
