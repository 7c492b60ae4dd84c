package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.training.ExternalCandidates;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The end of {@code external-training} ({@code ${externalTraining.submitted(execution)}}): the
 * trainer completed its task with an accepted upload (the completion guard checked it), which is
 * now the candidate's, recorded in the project's tables in the completion's transaction. A
 * completion without one (an administrator's) fails rather than lose the candidate silently.
 */
@Component("externalTraining")
public class ExternalTrainingRecorder {

  private final ExternalCandidates candidates;

  public ExternalTrainingRecorder(ExternalCandidates candidates) {
    this.candidates = candidates;
  }

  /** The timer of {@code trainOutside} ({@code ${externalTraining.timeout()}}), as ISO-8601. */
  public String timeout() {
    return candidates.trainerTimeout().toString();
  }

  /**
   * The timer fired before the trainer completed ({@code trainerGaveNoAnswer}): the candidate is
   * given up, with the worker's last reported error if it reported one.
   */
  public void timedOut(DelegateExecution execution) {
    String lastError = execution.getProcessEngineServices().getHistoryService().createHistoricExternalTaskLogQuery()
        .processInstanceId(execution.getProcessInstanceId()).failureLog().orderByTimestamp().desc().list().stream()
        .findFirst().map(log -> log.getErrorMessage()).orElse(null);
    DelegateExecution caller = execution.getSuperExecution();
    candidates.gaveUp(execution.getProcessBusinessKey(), (int) Variables.number(caller, Variables.ITERATION),
        io.mlpm.training.ExternalTrainers.PREFIX + Variables.text(caller, Variables.TRAINER_TOPIC), lastError);
  }

  public void submitted(DelegateExecution execution) {
    // The split, iteration and candidate are the caller's (a trainer may write this process's variables).
    DelegateExecution caller = execution.getSuperExecution();
    candidates.submitted(Variables.text(execution, Variables.UPLOAD_ID), execution.getProcessBusinessKey(),
        (int) Variables.number(caller, Variables.ITERATION),
        io.mlpm.training.ExternalTrainers.PREFIX + Variables.text(caller, Variables.TRAINER_TOPIC));
  }
}
