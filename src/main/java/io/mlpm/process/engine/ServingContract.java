package io.mlpm.process.engine;

import io.mlpm.deployment.ServingAction;
import io.mlpm.process.Variables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * What the lifecycle gives {@code external-serving}: the topic of its one external task, and nothing
 * else (the worker's links read the project and its models from the registry); nothing comes back,
 * the worker's report is the project's record, in its tables.
 */
public final class ServingContract implements DelegateVariableMapping {

  private final ServingAction action;

  public ServingContract(ServingAction action) {
    this.action = action;
  }

  @Override
  public void mapInputVariables(DelegateExecution caller, VariableMap called) {
    called.putValue(Variables.SERVING_TOPIC, action.topic());
  }

  @Override
  public void mapOutputVariables(DelegateExecution caller, VariableScope called) {
    // Nothing crosses back.
  }
}
