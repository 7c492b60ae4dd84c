package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.training.ModelDevelopment;
import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * Service task {@code planIteration}: counts the iteration and fixes which candidates it trains. The
 * project's iteration number goes on across rounds (a retrain's first iteration after iterations
 * 1–3 is 4, so its models and selection never mix with earlier ones); the round's own count, which
 * the budget of {@code maxIterations} is about, starts again with each round.
 */
@Component
public class PlanIterationDelegate implements JavaDelegate {

  private final ModelDevelopment development;

  public PlanIterationDelegate(ModelDevelopment development) {
    this.development = development;
  }

  @Override
  public void execute(DelegateExecution execution) {
    IterationPlan plan = development.plan(execution.getProcessBusinessKey(), DevelopmentPlan.teamChoice(execution));
    int iteration = countIteration(execution);
    execution.setVariable(Variables.STEP_FAILURE, ""); // a new iteration has no failed step yet
    execution.setVariable(Variables.CANDIDATE_ALGORITHMS, String.join(",", plan.algorithms()));
    execution.setVariable(Variables.ITERATION_SUMMARY, Variables.abbreviate(plan.describe(iteration)));
  }

  /** The next iteration of the project and of this round; answers the project's number. */
  public static int countIteration(VariableScope execution) {
    int iteration = count(execution.getVariable(Variables.ITERATION)) + 1;
    execution.setVariable(Variables.ITERATION, iteration);
    execution.setVariable(Variables.ROUND_ITERATION, count(execution.getVariable(Variables.ROUND_ITERATION)) + 1);
    return iteration;
  }

  private static int count(Object value) {
    return value instanceof Number n ? n.intValue() : 0;
  }
}
