package io.mlpm.process;

import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.monitoring.BaselineService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code rollbackModel}: the previous production version serves again, recorded. */
@Component
public class RollbackModelDelegate implements JavaDelegate {

  private final ModelRegistry registry;
  private final AuditTrail audit;
  private final BaselineService baselines;

  public RollbackModelDelegate(ModelRegistry registry, AuditTrail audit, BaselineService baselines) {
    this.registry = registry;
    this.audit = audit;
    this.baselines = baselines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String project = execution.getProcessBusinessKey();
    String by = Variables.text(execution, "degradationDecisionBy");
    String reason = Variables.text(execution, "degradationDecisionComment");
    ModelVersion restored = registry.rollback(project, by, reason == null || reason.isBlank() ? "degradation" : reason);
    baselines.ensure(restored.id());
    execution.setVariable(Variables.MODEL_VERSION, restored.version());
    execution.setVariable(Variables.CANDIDATE_MODEL_ID, restored.id());
    execution.setVariable(Variables.ROLLBACK_AVAILABLE, registry.rollbackTarget(project).isPresent());
    audit.record(project, by, "model-rolled-back", "Model version " + restored.version() + " serves again.",
        new AuditContext(null, restored.id(), null, null));
  }
}
