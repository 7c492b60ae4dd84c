package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.charter.Charter;
import io.mlpm.project.ProjectFounding;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task {@code validateCharter}: the last line of defence behind {@link io.mlpm.process.rest.ProjectStartGuard};
 * runs in the start transaction, so a bad charter rolls the whole start back.
 */
@Component
public class ValidateCharterDelegate implements JavaDelegate {

  private final ProjectFounding founding;

  public ValidateCharterDelegate(ProjectFounding founding) {
    this.founding = founding;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String key = execution.getProcessBusinessKey();
    Authentication caller = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    String initiator = caller == null ? null : caller.getUserId();
    Charter charter = founding.found(key, execution.getVariables(), initiator);
    execution.setVariable(Variables.MAX_ITERATIONS, charter.maxIterations());
    execution.setVariable(Variables.TASK_TYPE, charter.taskType().code());
    execution.setVariable(Variables.INITIATOR, initiator);
    execution.setVariable(Variables.PROJECT_KEY, key);
    execution.setVariable(Variables.RISK_LEVEL, charter.riskLevel());
    execution.setVariable(Variables.SENSITIVE_ATTRIBUTE, charter.sensitiveAttribute());
  }
}
