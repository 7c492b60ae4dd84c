package io.mlpm.process;

import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.SignOffRules;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Looks up who started and who reviewed a project, for {@link SignOffRules}. */
@Component
class SignOffCheck {

  private final ProjectRepository projects;
  private final AuditTrail audit;

  SignOffCheck(ProjectRepository projects, AuditTrail audit) {
    this.projects = projects;
    this.audit = audit;
  }

  Optional<String> refusal(String taskKey, String user, String projectKey, String deploymentApprover) {
    // Fail closed: a task outside a known project (a start that skipped the charter) signs nothing.
    Optional<Project> project = projectKey == null ? Optional.empty() : projects.find(projectKey);
    if (project.isEmpty()) {
      return Optional.of("This task belongs to no recorded project" + (projectKey == null ? "" : " ('" + projectKey
          + "')") + "; sign-offs exist only for projects started with a validated charter.");
    }
    String initiator = project.get().startedBy();
    return SignOffRules.refusal(taskKey, user, initiator, audit.actors(projectKey, "reviewIteration"),
        deploymentApprover);
  }
}
