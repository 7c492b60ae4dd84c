package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A service task worked as a Camunda external task by {@link LongStepWorkers}: its lock is extended
 * while it works, so a long step is neither run twice on another node nor left waiting long after
 * its node died. Like a delegate it reads and writes process variables (the {@link StepScope}) and
 * makes one use-case call.
 */
public interface LongStep extends JavaDelegate {

  /** The external task topic, named after the service task. */
  String topic();

  /** The heap the step will hold at most (an estimate read from the data's shape), for admission. */
  long workingSet(StepScope scope);

  /** Does the work; a {@link BpmnError} is thrown to the diagram, any other exception is a failure. */
  void work(StepScope scope);

  /**
   * The step failed on every attempt, or cannot fit the memory budget: show the reason to the
   * person who can act on it. By default the error {@link Variables#STEP_FAILED_ERROR} goes to
   * the diagram with the reason in {@link Variables#STEP_FAILURE}; a step may instead write
   * variables that route it to an existing task (the data steps write a finding for the steward).
   */
  default void giveUp(StepScope scope, String reason) {
    scope.setVariable(Variables.STEP_FAILURE, Variables.abbreviate(reason));
    throw new BpmnError(Variables.STEP_FAILED_ERROR, reason);
  }

  /**
   * Projects waiting in a diagram deployed before the long steps became external tasks still call
   * the step as a delegate ({@code ${ingestDatasetDelegate}} and so on) in a job: it works the same.
   */
  @Override
  default void execute(DelegateExecution execution) {
    StepScope scope = new StepScope(execution.getProcessBusinessKey(), execution.getVariablesTyped());
    work(scope);
    execution.setVariables(scope.written());
  }
}
