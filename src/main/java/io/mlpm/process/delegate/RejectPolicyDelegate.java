package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.governance.PolicyChangeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code rejectPolicy}: the proposal is closed as rejected; nothing is deployed. */
@Component
class RejectPolicyDelegate implements JavaDelegate {

  private final PolicyChangeService policies;

  RejectPolicyDelegate(PolicyChangeService policies) {
    this.policies = policies;
  }

  @Override
  public void execute(DelegateExecution execution) {
    policies.reject(Variables.number(execution, Variables.POLICY_CHANGE_ID));
  }
}
