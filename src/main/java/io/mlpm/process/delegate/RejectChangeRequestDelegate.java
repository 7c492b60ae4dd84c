package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.change.ChangeRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code rejectChangeRequest}: the change request is closed, the charter unchanged. */
@Component
public class RejectChangeRequestDelegate implements JavaDelegate {

  private final ChangeRequestService changes;

  public RejectChangeRequestDelegate(ChangeRequestService changes) {
    this.changes = changes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.CHANGE_OUTCOME, changes.reject(execution.getProcessBusinessKey(),
        Variables.number(execution, Variables.CHANGE_REQUEST_ID)));
  }
}
