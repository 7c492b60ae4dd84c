package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.deployment.Deployments;
import org.camunda.bpm.engine.delegate.VariableScope;

/** What serves after a deployment or a rollback, as the monitoring loop and its gateways read it. */
final class ServingView {

  private ServingView() {}

  /** After a deployment: also how often monitoring checks it (a rollback keeps the timer it had). */
  static void deployed(VariableScope execution, Deployments.Serving serving) {
    serving(execution, serving);
    execution.setVariable(Variables.MONITORING_INTERVAL, serving.monitoringInterval());
  }

  static void serving(VariableScope execution, Deployments.Serving serving) {
    execution.setVariable(Variables.MODEL_VERSION, serving.version());
    execution.setVariable(Variables.ROLLBACK_AVAILABLE, serving.rollbackAvailable());
  }
}
