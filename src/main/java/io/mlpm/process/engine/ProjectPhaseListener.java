package io.mlpm.process.engine;

import io.mlpm.governance.AuditTrail;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Keeps the project row's phase and status in step with the lifecycle diagram. */
@Component("projectPhase")
public class ProjectPhaseListener {

  private final ProjectRepository projects;
  private final AuditTrail audit;

  public ProjectPhaseListener(ProjectRepository projects, AuditTrail audit) {
    this.projects = projects;
    this.audit = audit;
  }

  public void enter(DelegateExecution execution, String phase) {
    projects.enterPhase(execution.getProcessBusinessKey(), phase);
  }

  public void close(DelegateExecution execution, String outcome) {
    ProjectStatus status = ProjectStatus.ofOutcome(outcome);
    projects.close(execution.getProcessBusinessKey(), status);
    audit.record(execution.getProcessBusinessKey(), null, "project-ended", status.name().toLowerCase());
  }
}
