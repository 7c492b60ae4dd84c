package io.mlpm.process;

import io.mlpm.charter.Charter;
import io.mlpm.charter.CharterValidator;
import io.mlpm.governance.AuditTrail;
import io.mlpm.project.ProjectRepository;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task {@code validateCharter}: the last line of defence behind {@link ProjectStartGuard};
 * runs in the start transaction, so a bad charter rolls the whole start back.
 */
@Component
public class ValidateCharterDelegate implements JavaDelegate {

  private final CharterValidator validator;
  private final ProjectRepository projects;
  private final AuditTrail audit;

  public ValidateCharterDelegate(CharterValidator validator, ProjectRepository projects, AuditTrail audit) {
    this.validator = validator;
    this.projects = projects;
    this.audit = audit;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("A project needs a business key (the project key).");
    }
    Charter charter = validator.validate(execution.getVariables());
    String initiator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null
        ? null
        : execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
    projects.create(key, charter, initiator);
    execution.setVariable(Variables.MAX_ITERATIONS, charter.maxIterations());
    execution.setVariable(Variables.TASK_TYPE, charter.taskType().code());
    execution.setVariable(Variables.INITIATOR, initiator);
    execution.setVariable("projectKey", key);
    execution.setVariable("riskLevel", charter.riskLevel());
    execution.setVariable("sensitiveAttribute", charter.sensitiveAttribute());
    audit.record(key, initiator, "charter-submitted", "Charter '" + charter.projectName() + "' with criteria "
        + charter.successCriteria() + " on " + charter.datasetUri());
  }
}
