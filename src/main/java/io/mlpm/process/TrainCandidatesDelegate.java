package io.mlpm.process;

import io.mlpm.training.ModelDevelopmentService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code trainCandidates}: one more iteration of training on the training split. */
@Component
public class TrainCandidatesDelegate implements JavaDelegate {

  private final ModelDevelopmentService development;

  public TrainCandidatesDelegate(ModelDevelopmentService development) {
    this.development = development;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object previous = execution.getVariable(Variables.ITERATION);
    int iteration = (previous instanceof Number n ? n.intValue() : 0) + 1;
    long candidate = development.trainCandidate(execution.getProcessBusinessKey(),
        Variables.number(execution, Variables.SPLIT_ID), iteration);
    execution.setVariable(Variables.ITERATION, iteration);
    execution.setVariable(Variables.CANDIDATE_MODEL_ID, candidate);
  }
}
