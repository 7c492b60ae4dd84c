package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every branch of charter-change.bpmn. */
@Deployment(resources = "bpmn/charter-change.bpmn")
class ChangeRequestProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessTestSupport.engine();

  private final List<String> calls = new ArrayList<>();
  private ProcessTestSupport beans;

  @BeforeEach
  void beans() throws Exception {
    beans = new ProcessTestSupport();
    Mocks.register("applyChangeRequestDelegate", (JavaDelegate) ex -> calls.add("apply " + ex.getVariable(Variables.CHANGE_REQUEST_ID)));
    Mocks.register("rejectChangeRequestDelegate", (JavaDelegate) ex -> calls.add("reject " + ex.getVariable(Variables.CHANGE_REQUEST_ID)));
  }

  @AfterEach
  void reset() {
    beans.reset();
  }

  private ProcessInstance start(boolean needsCompliance) {
    ProcessInstance pi = runtimeService().startProcessInstanceByKey("charter-change", "churn",
        Map.of(Variables.CHANGE_REQUEST_ID, 3L, Variables.COMPLIANCE_COSIGN, needsCompliance));
    assertThat(pi).isWaitingAt("approveChangeRequest");
    assertThat(task()).hasCandidateGroup("sponsors");
    return pi;
  }

  @Test
  void anApprovedChangeWithTheSameRiskIsApplied() {
    ProcessInstance pi = start(false);
    complete(task(), withVariables(Variables.APPROVED, true, Variables.COMMENT, "agreed"));
    execute(job());
    assertThat(pi).isEnded().hasPassed("applyChangeRequest", "charterChanged").hasNotPassed("approveChangeRequestCompliance");
    assertThat(calls).containsExactly("apply 3");
  }

  @Test
  void aRiskChangeNeedsComplianceToo() {
    ProcessInstance pi = start(true);
    complete(task(), withVariables(Variables.APPROVED, true));
    assertThat(pi).isWaitingAt("approveChangeRequestCompliance");
    assertThat(task()).hasCandidateGroup("compliance");
    complete(task(), withVariables(Variables.APPROVED, true, Variables.COMMENT, "checked"));
    execute(job());
    assertThat(pi).isEnded().hasPassed("charterChanged");
    assertThat(calls).containsExactly("apply 3");
  }

  @Test
  void complianceCanRejectARiskChange() {
    ProcessInstance pi = start(true);
    complete(task(), withVariables(Variables.APPROVED, true));
    complete(task(), withVariables(Variables.APPROVED, false, Variables.COMMENT, "not without a fairness review"));
    execute(job());
    assertThat(pi).isEnded().hasPassed("rejectChangeRequest", "changeRejected");
    assertThat(calls).containsExactly("reject 3");
  }

  @Test
  void theSponsorCanRejectIt() {
    ProcessInstance pi = start(false);
    complete(task(), withVariables(Variables.APPROVED, false, Variables.COMMENT, "the business case still holds"));
    execute(job());
    assertThat(pi).isEnded().hasPassed("changeRejected");
    assertThat(calls).containsExactly("reject 3");
  }
}
