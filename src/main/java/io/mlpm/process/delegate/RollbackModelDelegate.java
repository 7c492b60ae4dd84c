package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.deployment.Deployments;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code rollbackModel}: the previous production version serves again, recorded. */
@Component
public class RollbackModelDelegate implements JavaDelegate {

  private final Deployments deployments;

  public RollbackModelDelegate(Deployments deployments) {
    this.deployments = deployments;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Deployments.Serving serving = deployments.rollBack(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.DEGRADATION_DECISION.by()),
        Variables.text(execution, Variables.DEGRADATION_DECISION.comment()));
    ServingView.serving(execution, serving);
    execution.setVariable(Variables.CANDIDATE_MODEL_ID, serving.modelVersionId());
  }
}
