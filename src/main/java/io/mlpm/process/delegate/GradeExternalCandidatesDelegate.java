package io.mlpm.process.delegate;

import io.mlpm.data.DatasetChangedException;
import io.mlpm.data.WorkingSet;
import io.mlpm.process.Variables;
import io.mlpm.process.engine.LongStep;
import io.mlpm.process.engine.StepScope;
import io.mlpm.training.ExternalCandidates;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.springframework.stereotype.Component;

/**
 * Service task {@code gradeExternalCandidates}: the iteration's uploads become candidates with
 * validation metrics computed here. Writes nothing to the process: {@code selectModel} reads the
 * registry. An upload that cannot be graded stops the iteration ("Grading failed") for the data
 * scientist, with the reason.
 */
@Component
public class GradeExternalCandidatesDelegate implements LongStep {

  private final ExternalCandidates candidates;
  private final WorkingSet workingSet;

  public GradeExternalCandidatesDelegate(ExternalCandidates candidates, WorkingSet workingSet) {
    this.candidates = candidates;
    this.workingSet = workingSet;
  }

  @Override
  public String topic() {
    return "mlpm.gradeExternalCandidates";
  }

  @Override
  public long workingSet(StepScope scope) {
    // One upload held at a time (the zip as stored, and its artifact unpacked, each at most the cap),
    // its validation predictions read beside the streamed rows.
    return 3 * candidates.maxUploadBytes() + workingSet.ofIngest();
  }

  @Override
  public void work(StepScope scope) {
    try {
      candidates.grade(scope.getProcessBusinessKey(), (int) Variables.number(scope, Variables.ITERATION));
    } catch (ExternalCandidates.NoCandidateException e) {
      // Not worth retrying: the data scientist decides what the next iteration trains.
      giveUp(scope, e.getMessage());
    } catch (DatasetChangedException e) {
      throw new BpmnError(Variables.DATASET_CHANGED_ERROR, e.getMessage());
    }
  }
}
