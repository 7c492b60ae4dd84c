package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.governance.SignOffEscalation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code reassignSignOff}: the overdue sign-off is assigned to the member the sponsor named. */
@Component
public class ReassignSignOffDelegate implements JavaDelegate {

  private final SignOffEscalation escalation;

  public ReassignSignOffDelegate(SignOffEscalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.ESCALATION_OUTCOME, escalation.reassign(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.ESCALATED_TASK_ID),
        Variables.text(execution, Variables.REASSIGN_TO).strip(),
        Variables.text(execution, Variables.ESCALATION_DECISION.by())));
  }
}
