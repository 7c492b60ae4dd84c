package io.mlpm.governance;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Segregation of duties: who may not sign a deployment or a waived dataset off. The person who started the project
 * and anyone who reviewed one of its iterations are too close to the model to approve it; the
 * compliance co-signer must be another person than the sponsor who approved; a dataset whose
 * findings were waived is approved by another steward than the one who waived them.
 */
public final class SignOffRules {

  /** The group whose members, and only they, sign each task off (administrators are not exempt). */
  private static final Map<String, String> GROUP_OF_TASK = Map.ofEntries(
      Map.entry("approveCharter", "sponsors"),
      Map.entry("resolveDataIssues", "data-stewards"),
      Map.entry("approveDataset", "data-stewards"),
      Map.entry("reviewIteration", "data-scientists"),
      Map.entry("sponsorDecision", "sponsors"),
      Map.entry("approveDeployment", "sponsors"),
      Map.entry("approveDeploymentCompliance", "compliance"),
      Map.entry("reviewDegradation", "ml-engineers"),
      Map.entry("approvePolicyChange", "compliance"),
      Map.entry("decideEscalation", "sponsors"),
      Map.entry("approveChangeRequest", "sponsors"),
      Map.entry("approveChangeRequestCompliance", "compliance"));

  private SignOffRules() {}

  /** The group that signs this task off, if it is one of the lifecycle's sign-offs. */
  public static Optional<String> groupOf(String taskKey) {
    return Optional.ofNullable(GROUP_OF_TASK.get(taskKey));
  }

  /**
   * @param initiator who started the project (may be null for projects started by the system)
   * @param reviewers who completed a {@code reviewIteration} of the project
   * @param deploymentApprover who approved the deployment (for the compliance co-sign), or null
   * @param waivedBy who waived the findings of the dataset now up for approval, or null
   * @return why {@code user} may not complete the task, or empty
   */
  public static Optional<String> refusal(String taskKey, String user, String initiator, Set<String> reviewers,
      String deploymentApprover, String waivedBy) {
    if (user == null) {
      return Optional.empty();
    }
    if ("approveDataset".equals(taskKey) && user.equals(waivedBy)) {
      return Optional.of("'" + user + "' waived this dataset's findings or left columns out of it, and so cannot"
          + " approve it; another data steward must (four eyes on waivers).");
    }
    if ("approveDeployment".equals(taskKey)) {
      if (user.equals(initiator)) {
        return Optional.of("'" + user + "' started this project and so cannot approve its deployment;"
            + " another sponsor must sign off (segregation of duties).");
      }
      if (reviewers.contains(user)) {
        return Optional.of("'" + user + "' reviewed an iteration of this model and so cannot approve its"
            + " deployment; another sponsor must sign off (segregation of duties).");
      }
    }
    if ("approveDeploymentCompliance".equals(taskKey) && user.equals(deploymentApprover)) {
      return Optional.of("'" + user + "' already approved this deployment as sponsor; the compliance co-sign"
          + " must come from another person.");
    }
    return Optional.empty();
  }
}
