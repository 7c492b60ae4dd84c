package io.mlpm.process;

import io.mlpm.governance.AuditTrail;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code deployModel}: the approved candidate becomes the project's production model. */
@Component
public class DeployModelDelegate implements JavaDelegate {

  private final ModelRegistry registry;
  private final AuditTrail audit;

  public DeployModelDelegate(ModelRegistry registry, AuditTrail audit) {
    this.registry = registry;
    this.audit = audit;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String approver = Variables.text(execution, "deploymentApprovedBy");
    String comment = Variables.text(execution, "deploymentComment");
    ModelVersion deployed = registry.promoteToProduction(Variables.number(execution, Variables.CANDIDATE_MODEL_ID),
        approver, comment == null || comment.isBlank() ? "deployment approved" : comment);
    execution.setVariable(Variables.MODEL_VERSION, deployed.version());
    audit.record(execution.getProcessBusinessKey(), approver, "model-deployed",
        "Model version " + deployed.version() + " (" + deployed.algorithm() + ") is in production.");
  }
}
