package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.RiskAssessment;
import io.mlpm.deployment.Deployments;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task {@code deployModel}: the model version the sign-off records approved becomes the
 * project's production model and monitoring starts. Whether compliance had to co-sign comes from
 * the engine's history of the deployment policy's evaluation.
 */
@Component
public class DeployModelDelegate implements JavaDelegate {

  private final Deployments deployments;
  private final RiskAssessment risk;

  public DeployModelDelegate(Deployments deployments, RiskAssessment risk) {
    this.deployments = deployments;
    this.risk = risk;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Deployments.Serving serving = deployments.deploy(execution.getProcessBusinessKey(),
        Variables.number(execution, Variables.CANDIDATE_MODEL_ID), risk.complianceRequired(execution.getProcessInstanceId()),
        Variables.text(execution, Variables.DATASET_SHA256));
    ServingView.deployed(execution, serving);
  }
}
