package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.change.ChangeRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code applyChangeRequest}: the approved change becomes the charter's new version. */
@Component
public class ApplyChangeRequestDelegate implements JavaDelegate {

  private final ChangeRequestService changes;

  public ApplyChangeRequestDelegate(ChangeRequestService changes) {
    this.changes = changes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.CHANGE_OUTCOME, changes.apply(execution.getProcessBusinessKey(),
        Variables.number(execution, Variables.CHANGE_REQUEST_ID)));
  }
}
