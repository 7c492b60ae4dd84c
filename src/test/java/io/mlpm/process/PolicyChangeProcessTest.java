package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both branches of policy-change.bpmn. */
@Deployment(resources = "bpmn/policy-change.bpmn")
class PolicyChangeProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessTestSupport.engine();

  private final List<String> calls = new ArrayList<>();
  private ProcessTestSupport beans;

  @BeforeEach
  void beans() throws Exception {
    beans = new ProcessTestSupport();
    Mocks.register("deployPolicyDelegate", (JavaDelegate) ex -> calls.add("deploy " + ex.getVariable(Variables.POLICY_CHANGE_ID)));
    Mocks.register("rejectPolicyDelegate", (JavaDelegate) ex -> calls.add("reject " + ex.getVariable(Variables.POLICY_CHANGE_ID)));
  }

  @AfterEach
  void reset() {
    beans.reset();
  }

  private ProcessInstance start() {
    ProcessInstance pi = runtimeService().startProcessInstanceByKey("policy-change", "policy-change-7",
        Map.of(Variables.POLICY_CHANGE_ID, 7L, Variables.DECISION_KEY, "deployment-approval", Variables.POLICY_REASON, "stricter",
            Variables.PROPOSED_BY, "owner"));
    assertThat(pi).isWaitingAt("approvePolicyChange");
    assertThat(task()).hasCandidateGroup("compliance");
    return pi;
  }

  @Test
  void anApprovedChangeIsDeployed() {
    ProcessInstance pi = start();
    complete(task(), withVariables(Variables.APPROVED, true, Variables.COMMENT, "agreed"));
    assertThat(pi).isWaitingAt("deployPolicy");
    execute(job());
    assertThat(pi).isEnded().hasPassed("policyDeployed");
    assertThat(calls).containsExactly("deploy 7");
  }

  @Test
  void aRejectedChangeIsClosedAndNothingDeployed() {
    ProcessInstance pi = start();
    complete(task(), withVariables(Variables.APPROVED, false, Variables.COMMENT, "not now"));
    assertThat(pi).isEnded().hasPassed("policyRejected");
    assertThat(calls).containsExactly("reject 7");
  }

  @Test
  void aRejectionWithoutAReasonIsRefused() {
    start();
    assertThatThrownBy(() -> complete(task(), withVariables(Variables.APPROVED, false)))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining(Variables.COMMENT);
  }
}
