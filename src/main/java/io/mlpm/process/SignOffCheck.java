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
    if (projectKey == null) {
      return Optional.empty();
    }
    String initiator = projects.find(projectKey).map(Project::startedBy).orElse(null);
    return SignOffRules.refusal(taskKey, user, initiator, audit.actors(projectKey, "reviewIteration"),
        deploymentApprover);
  }
}
