package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.governance.DecisionRules;
import io.mlpm.governance.SignOffEscalation;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.stereotype.Component;

/** Service task {@code extendSignOff}: the overdue sign-off gets the later due date the sponsor chose. */
@Component
public class ExtendSignOffDelegate implements JavaDelegate {

  private final SignOffEscalation escalation;

  public ExtendSignOffDelegate(SignOffEscalation escalation) {
    this.escalation = escalation;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.ESCALATION_OUTCOME, escalation.extend(execution.getProcessBusinessKey(),
        Variables.text(execution, Variables.ESCALATED_TASK_ID),
        DecisionRules.extendDays(execution.getVariable(Variables.EXTEND_DAYS)).orElseThrow(),
        Variables.text(execution, Variables.ESCALATION_DECISION.by()), ClockUtil.getCurrentTime().toInstant()));
  }
}
