package io.mlpm.process;

import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task {@code planIteration}: counts the iteration and fixes which candidates it trains. */
@Component
public class PlanIterationDelegate implements JavaDelegate {

  private final DevelopmentPlan plans;

  public PlanIterationDelegate(DevelopmentPlan plans) {
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object previous = execution.getVariable(Variables.ITERATION);
    int iteration = (previous instanceof Number n ? n.intValue() : 0) + 1;
    IterationPlan plan = plans.plan(execution);
    execution.setVariable(Variables.ITERATION, iteration);
    execution.setVariable(Variables.STEP_FAILURE, ""); // a new iteration has no failed step yet
    execution.setVariable(Variables.CANDIDATE_ALGORITHMS, String.join(",", plan.algorithms()));
    execution.setVariable("iterationSummary", FindingsView.abbreviate("Iteration " + iteration + ": "
        + String.join(", ", plan.algorithms()) + " with " + plan.tuningBudget() + " tuning trials each"
        + (plan.excludedColumns().isEmpty() ? "" : ", leaving out " + String.join(", ", plan.excludedColumns()))
        + "; selected by validation " + plan.primaryMetric() + "."));
  }
}
