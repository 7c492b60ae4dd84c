package io.mlpm.governance;

import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Promotes the model a sponsor approved, and only that one: the approval (and, where the policy
 * asked for it, another person's compliance co-sign) is read from the sign-off records, not from
 * process variables; the registry then checks project, stage and evaluation itself.
 */
@Component
public class ApprovedPromotion {

  private final SignOffRecords records;
  private final ModelRegistry registry;

  public ApprovedPromotion(SignOffRecords records, ModelRegistry registry) {
    this.records = records;
    this.registry = registry;
  }

  public ModelVersion promote(String projectKey, long modelId, boolean complianceRequired) {
    SignOff approval = records.latest(projectKey, "approveDeployment")
        .filter(s -> s.approved() && Long.valueOf(modelId).equals(s.modelId()))
        .orElseThrow(() -> new PromotionRefusedException("Model " + modelId + " of project '" + projectKey
            + "' has no approved deployment sign-off; nothing was promoted."));
    String reason = approval.comment() == null || approval.comment().isBlank() ? "deployment approved"
        : approval.comment();
    if (complianceRequired) {
      Optional<SignOff> coSign = records.latest(projectKey, "approveDeploymentCompliance")
          .filter(s -> s.approved() && Long.valueOf(modelId).equals(s.modelId()) && s.id() > approval.id()
              && !s.userId().equals(approval.userId()));
      if (coSign.isEmpty()) {
        throw new PromotionRefusedException("Model " + modelId + " of project '" + projectKey + "' needs a compliance"
            + " co-sign by another person than '" + approval.userId() + "'; nothing was promoted.");
      }
      reason += " (co-signed by " + coSign.get().userId() + ")";
    }
    if (!registry.judgedByCharterInForce(modelId)) {
      // The charter changed after the verdict (a step that had read the old criteria): judged again first.
      throw new PromotionRefusedException("Model " + modelId + " of project '" + projectKey + "' was not judged by the"
          + " charter version in force; nothing was promoted. Judge it again (a new iteration) before deploying.");
    }
    return registry.promoteToProduction(projectKey, modelId, approval.userId(), reason);
  }
}
