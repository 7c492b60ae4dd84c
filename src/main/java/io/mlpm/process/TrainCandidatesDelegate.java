package io.mlpm.process;

import io.mlpm.training.ModelDevelopmentService;
import io.mlpm.data.DatasetChangedException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task {@code trainCandidates}, one asynchronous instance per algorithm (element variable
 * {@code algorithm}), so a crash re-runs only that candidate. Writes nothing to the process: the
 * candidates are registry rows that {@code selectModel} reads.
 */
@Component
public class TrainCandidatesDelegate implements JavaDelegate {

  private final ModelDevelopmentService development;
  private final DevelopmentPlan plans;

  public TrainCandidatesDelegate(ModelDevelopmentService development, DevelopmentPlan plans) {
    this.development = development;
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    try {
      development.trainCandidate(execution.getProcessBusinessKey(), Variables.number(execution, Variables.SPLIT_ID),
          (int) Variables.number(execution, Variables.ITERATION), Variables.text(execution, "algorithm"),
          plans.plan(execution));
    } catch (DatasetChangedException e) {
      // Not an incident: the data must be checked and signed off again (lifecycle's "Data changed").
      throw new BpmnError(Variables.DATASET_CHANGED_ERROR, e.getMessage());
    }
  }
}
