package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.data.WorkingSet;
import io.mlpm.training.ModelDevelopment;
import io.mlpm.data.DatasetChangedException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.springframework.stereotype.Component;

/**
 * Service task {@code trainCandidates}, one external task per algorithm (element variable
 * {@code algorithm}), so a crash re-runs only that candidate. Writes nothing to the process: the
 * candidates are registry rows that {@code selectModel} reads. A candidate that fails on every
 * attempt stops the iteration ("Training failed"): the data scientist reads why and decides.
 */
@Component
public class TrainCandidatesDelegate implements LongStep {

  private final WorkingSet workingSet;
  private final ModelDevelopment development;

  public TrainCandidatesDelegate(ModelDevelopment development, WorkingSet workingSet) {
    this.workingSet = workingSet;
    this.development = development;
  }

  @Override
  public String topic() {
    return "mlpm.trainCandidates";
  }

  @Override
  public long workingSet(StepScope execution) {
    return workingSet.ofTraining(Variables.number(execution, Variables.SPLIT_ID));
  }

  @Override
  public void work(StepScope execution) {
    try {
      development.train(execution.getProcessBusinessKey(), Variables.number(execution, Variables.SPLIT_ID),
          (int) Variables.number(execution, Variables.ITERATION), Variables.text(execution, Variables.ALGORITHM),
          DevelopmentPlan.teamChoice(execution));
    } catch (DatasetChangedException e) {
      // Not an incident: the data must be checked and signed off again (lifecycle's "Data changed").
      throw new BpmnError(Variables.DATASET_CHANGED_ERROR, e.getMessage());
    }
  }

  @Override
  public void giveUp(StepScope execution, String reason) {
    LongStep.super.giveUp(execution, "Candidate " + Variables.text(execution, Variables.ALGORITHM) + ": " + reason);
  }
}
