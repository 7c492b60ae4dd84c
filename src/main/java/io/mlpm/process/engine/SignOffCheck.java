package io.mlpm.process.engine;

import io.mlpm.governance.PolicyChange;
import io.mlpm.governance.PolicyChanges;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.governance.SignOffRules;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks up who started and who reviewed a project, for {@link SignOffRules}. */
@Component
public class SignOffCheck {

  private final ProjectRepository projects;
  private final SignOffRecords records;
  private final PolicyChanges policyChanges;

  private final io.mlpm.change.ChangeRequests changeRequests;

  SignOffCheck(ProjectRepository projects, SignOffRecords records, PolicyChanges policyChanges,
      io.mlpm.change.ChangeRequests changeRequests) {
    this.changeRequests = changeRequests;
    this.projects = projects;
    this.records = records;
    this.policyChanges = policyChanges;
  }

  /** A policy change is approved by another person than its proposer; unknown proposals by nobody. */
  private Optional<String> policyRefusal(String user, String reviewKey) {
    Optional<PolicyChange> change = Optional.empty();
    if (reviewKey != null && reviewKey.matches(java.util.regex.Pattern.quote(PolicyChange.PREFIX) + "\\d{1,18}")) {
      change = policyChanges.find(Long.parseLong(reviewKey.substring(PolicyChange.PREFIX.length())));
    }
    if (change.isEmpty()) {
      return Optional.of("This task belongs to no recorded policy change; nothing can be approved.");
    }
    return change.get().proposedBy().equals(user)
        ? Optional.of("'" + user + "' proposed this policy change and so cannot approve it; another compliance"
            + " officer must.")
        : Optional.empty();
  }

  /**
   * Who waived the findings of the dataset now up for approval, or left columns out of it: the
   * newest resolveDataIssues record, if it is a waiver or an exclusion and no dataset approval
   * came after it.
   */
  private String waivedBy(String projectKey) {
    Optional<SignOff> resolution = records.latest(projectKey, "resolveDataIssues");
    Optional<SignOff> approval = records.latest(projectKey, "approveDataset");
    return resolution.filter(r -> "waive".equals(r.decision()) || "exclude".equals(r.decision()))
        .filter(r -> approval.isEmpty() || approval.get().id() < r.id())
        .map(SignOff::userId).orElse(null);
  }

  /**
   * A charter change is approved by another person than who proposed it, and co-signed by another
   * person than the sponsor who approved it; with no change request waiting, nothing is approved.
   */
  private Optional<String> changeRefusal(String taskKey, String user, String projectKey) {
    Optional<io.mlpm.change.ChangeRequest> open = changeRequests.open(projectKey);
    if (open.isEmpty()) {
      return Optional.of("Project '" + projectKey + "' has no change request waiting; nothing can be approved.");
    }
    if (user.equals(open.get().proposedBy())) {
      return Optional.of("'" + user + "' proposed this charter change and so cannot approve it; another person must.");
    }
    if ("approveChangeRequestCompliance".equals(taskKey)) {
      Optional<String> sponsor = records.latest(projectKey, "approveChangeRequest").filter(SignOff::approved)
          .filter(s -> !s.decidedAt().isBefore(open.get().createdAt())).map(SignOff::userId);
      if (sponsor.isPresent() && sponsor.get().equals(user)) {
        return Optional.of("'" + user + "' already approved this charter change as sponsor; the compliance co-sign"
            + " must come from another person.");
      }
    }
    return Optional.empty();
  }

  /** The deployment approver is the newest approving {@code approveDeployment} record, never a variable. */
  public Optional<String> refusal(String taskKey, String user, String projectKey) {
    if ("approvePolicyChange".equals(taskKey)) {
      return policyRefusal(user, projectKey);
    }
    // Fail closed: a task outside a known project (a start that skipped the charter) signs nothing.
    Optional<Project> project = projectKey == null ? Optional.empty() : projects.find(projectKey);
    if (project.isEmpty()) {
      return Optional.of("This task belongs to no recorded project" + (projectKey == null ? "" : " ('" + projectKey
          + "')") + "; sign-offs exist only for projects started with a validated charter.");
    }
    if ("approveChangeRequest".equals(taskKey) || "approveChangeRequestCompliance".equals(taskKey)) {
      return changeRefusal(taskKey, user, projectKey);
    }
    String initiator = project.get().startedBy();
    String deploymentApprover = records.latest(projectKey, "approveDeployment").filter(SignOff::approved)
        .map(SignOff::userId).orElse(null);
    java.util.Set<String> reviewers = records.of(projectKey).stream().filter(r -> r.taskKey().equals("reviewIteration"))
        .map(SignOff::userId).collect(java.util.stream.Collectors.toSet());
    return SignOffRules.refusal(taskKey, user, initiator, reviewers, deploymentApprover, waivedBy(projectKey));
  }
}
