package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.change.ChangeRequestService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code rejudgeCandidate}: the candidate awaiting deployment, judged by the changed charter. */
@Component
public class RejudgeCandidateDelegate implements JavaDelegate {

  private final ChangeRequestService changes;

  public RejudgeCandidateDelegate(ChangeRequestService changes) {
    this.changes = changes;
  }

  @Override
  public void execute(DelegateExecution execution) {
    execution.setVariable(Variables.REJUDGED_CRITERIA_MET, changes.rejudge(execution.getProcessBusinessKey(),
        Variables.number(execution, Variables.CANDIDATE_MODEL_ID)));
  }
}
