package io.mlpm.process;

import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.governance.SignOffRules;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks up who started and who reviewed a project, for {@link SignOffRules}. */
@Component
class SignOffCheck {

  private final ProjectRepository projects;
  private final SignOffRecords records;

  SignOffCheck(ProjectRepository projects, SignOffRecords records) {
    this.projects = projects;
    this.records = records;
  }

  /** The deployment approver is the newest approving {@code approveDeployment} record, never a variable. */
  Optional<String> refusal(String taskKey, String user, String projectKey) {
    // Fail closed: a task outside a known project (a start that skipped the charter) signs nothing.
    Optional<Project> project = projectKey == null ? Optional.empty() : projects.find(projectKey);
    if (project.isEmpty()) {
      return Optional.of("This task belongs to no recorded project" + (projectKey == null ? "" : " ('" + projectKey
          + "')") + "; sign-offs exist only for projects started with a validated charter.");
    }
    String initiator = project.get().startedBy();
    String deploymentApprover = records.latest(projectKey, "approveDeployment").filter(SignOff::approved)
        .map(SignOff::userId).orElse(null);
    java.util.Set<String> reviewers = records.of(projectKey).stream().filter(r -> r.taskKey().equals("reviewIteration"))
        .map(SignOff::userId).collect(java.util.stream.Collectors.toSet());
    return SignOffRules.refusal(taskKey, user, initiator, reviewers, deploymentApprover);
  }
}
