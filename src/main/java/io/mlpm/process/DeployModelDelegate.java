package io.mlpm.process;

import io.mlpm.MlpmProperties;
import io.mlpm.governance.ApprovedPromotion;
import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.monitoring.BaselineService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task {@code deployModel}: the model version the sign-off records approved becomes the
 * project's production model (the previous one is archived in the same transaction) and monitoring
 * starts.
 */
@Component
public class DeployModelDelegate implements JavaDelegate {

  private final ModelRegistry registry;
  private final ApprovedPromotion promotion;
  private final AuditTrail audit;
  private final MlpmProperties properties;
  private final BaselineService baselines;
  private final RiskAssessment risk;

  public DeployModelDelegate(ModelRegistry registry, ApprovedPromotion promotion, AuditTrail audit,
      MlpmProperties properties, BaselineService baselines, RiskAssessment risk) {
    this.risk = risk;
    this.registry = registry;
    this.promotion = promotion;
    this.audit = audit;
    this.properties = properties;
    this.baselines = baselines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String project = execution.getProcessBusinessKey();
    // Who approved comes from the sign-off records; whether compliance had to co-sign, from the
    // engine's history of the policy's evaluation.
    ModelVersion deployed = promotion.promote(project, Variables.number(execution, Variables.CANDIDATE_MODEL_ID),
        risk.complianceRequired(execution.getProcessInstanceId()));
    String approver = deployed.approvedBy();
    // The training distribution each health check compares recent predictions with.
    baselines.createFor(deployed.id());
    execution.setVariable(Variables.MODEL_VERSION, deployed.version());
    execution.setVariable(Variables.ROLLBACK_AVAILABLE, registry.rollbackTarget(project).isPresent());
    execution.setVariable(Variables.MONITORING_INTERVAL, properties.monitoring().interval());
    audit.record(project, approver, "model-deployed",
        "Model version " + deployed.version() + " (" + deployed.algorithm() + ") is in production.",
        new AuditContext(Variables.text(execution, Variables.DATASET_SHA256), deployed.id(), null, null));
  }
}
