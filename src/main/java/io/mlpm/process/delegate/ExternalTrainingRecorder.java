package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.training.ExternalCandidates;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The end of {@code external-training} ({@code ${externalTraining.submitted(execution)}}): the
 * trainer completed its task with an accepted upload (the completion guard checked it), which is
 * now the candidate's, recorded in the project's tables in the completion's transaction.
 */
@Component("externalTraining")
public class ExternalTrainingRecorder {

  private final ExternalCandidates candidates;

  public ExternalTrainingRecorder(ExternalCandidates candidates) {
    this.candidates = candidates;
  }

  public void submitted(DelegateExecution execution) {
    String upload = Variables.text(execution, Variables.UPLOAD_ID);
    if (upload != null) {
      candidates.submitted(upload);
    }
  }
}
