package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.governance.PolicyChangeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code deployPolicy}: the approved table becomes the policy's newest version. */
@Component
class DeployPolicyDelegate implements JavaDelegate {

  private final PolicyChangeService policies;

  DeployPolicyDelegate(PolicyChangeService policies) {
    this.policies = policies;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.DEPLOYED_VERSION, policies.deploy(Variables.number(execution, Variables.POLICY_CHANGE_ID)));
  }
}
