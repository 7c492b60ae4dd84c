package io.mlpm.deployment;

import io.mlpm.MlpmProperties;
import io.mlpm.governance.ApprovedPromotion;
import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.monitoring.BaselineService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.ServingRecords;
import org.springframework.stereotype.Service;

/**
 * Which model serves a project: the approved candidate promoted to production, or the previous
 * production version restored. Each use case also keeps the drift baseline its health checks
 * compare with, and records what happened in the project's audit trail.
 */
@Service
public class Deployments {

  /** What now serves, whether an earlier version could serve again, and how often it is checked. */
  public record Serving(long modelVersionId, Integer version, boolean rollbackAvailable, String monitoringInterval) {}

  private final ApprovedPromotion promotion;
  private final ModelRegistry registry;
  private final BaselineService baselines;
  private final AuditTrail audit;
  private final MlpmProperties properties;
  private final ServingRecords servingRecords;

  public Deployments(ApprovedPromotion promotion, ModelRegistry registry, BaselineService baselines, AuditTrail audit,
      MlpmProperties properties, ServingRecords servingRecords) {
    this.servingRecords = servingRecords;
    this.promotion = promotion;
    this.registry = registry;
    this.baselines = baselines;
    this.audit = audit;
    this.properties = properties;
  }

  /** A candidate whose deployment was rejected leaves staging; the reason goes with it into the registry's history. */
  public void rejected(long candidateId, String rejectedBy, String reason) {
    registry.moveTo(candidateId, io.mlpm.registry.Stage.CANDIDATE, rejectedBy, "deployment rejected: " + reason);
  }

  /**
   * Promotes the candidate its sign-off records approved (the previous production version is
   * archived in the same transaction) and records the deployment in the approver's name.
   *
   * @param complianceRequired whether the deployment policy asked for compliance's co-sign
   * @param datasetSha256 the approved dataset's fingerprint, for the audit record
   */
  public Serving deploy(String projectKey, long candidateId, boolean complianceRequired, String datasetSha256) {
    // A model trained outside is promoted only once its serving worker reported where it serves.
    String servedAt = servedAt(projectKey, registry.get(candidateId));
    ModelVersion deployed = promotion.promote(projectKey, candidateId, complianceRequired);
    // The training distribution each health check compares recent predictions with.
    baselines.createFor(deployed.id());
    audit.record(projectKey, deployed.approvedBy(), "model-deployed",
        "Model version " + deployed.version() + " (" + deployed.algorithm() + ") is in production; trained by "
            + (deployed.codeVersion() == null ? "code not recorded" : deployed.codeVersion()) + "; serves at "
            + servedAt + ".",
        new AuditContext(datasetSha256, deployed.id(), null, null));
    return serving(projectKey, deployed);
  }

  /** The previous production version serves again; recorded in the name of whoever decided it. */
  public Serving rollBack(String projectKey, String by, String reason) {
    String servedAt = servedAt(projectKey, registry.rollbackTarget(projectKey).orElseThrow(() ->
        new IllegalStateException("Project '" + projectKey + "' has no earlier production version to roll back to.")));
    ModelVersion restored = registry.rollback(projectKey, by, reason == null || reason.isBlank() ? "degradation" : reason);
    baselines.ensure(restored.id());
    audit.record(projectKey, by, "model-rolled-back", "Model version " + restored.version() + " serves again, at "
        + servedAt + ".",
        new AuditContext(null, restored.id(), null, null));
    return serving(projectKey, restored);
  }

  /** Where the model will serve: this API, or the endpoint its serving worker reported (required). */
  private String servedAt(String projectKey, ModelVersion model) {
    if (!model.external()) {
      return "/api/projects/" + projectKey + "/predictions";
    }
    return servingRecords.endpointOf(projectKey, model.id()).orElseThrow(() -> new IllegalStateException(
        "Model " + model.id() + " (" + model.algorithm() + ") was trained outside and no serving worker reported"
            + " where it serves: its serving task (external-serving) must be completed by the worker's report,"
            + " POST /api/trainer/serving/{taskId}/served, not over the engine."));
  }

  private Serving serving(String projectKey, ModelVersion model) {
    return new Serving(model.id(), model.version(), registry.rollbackTarget(projectKey).isPresent(),
        properties.monitoring().interval());
  }
}
