package io.mlpm.process;

import io.mlpm.ml.TaskType;
import io.mlpm.training.Algorithm;
import io.mlpm.training.CandidateTrainer;
import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * What an iteration trains, from the charter and the last review: {@code algorithms} (comma
 * separated codes; all defaults when empty), {@code tuningBudget}, {@code excludedColumns}. Also the
 * collection of the multi-instance {@code trainCandidates} ({@code ${developmentPlan.algorithms(execution)}}).
 */
@Component("developmentPlan")
public class DevelopmentPlan {


  public List<String> algorithms(VariableScope scope) {
    String planned = Variables.text(scope, Variables.CANDIDATE_ALGORITHMS);
    return PrepareDatasetDelegate.list(planned);
  }

  IterationPlan plan(VariableScope scope) {
    TaskType type = Variables.taskType(scope);
    List<String> algorithms = PrepareDatasetDelegate.list(Variables.text(scope, Variables.ALGORITHMS));
    if (algorithms.isEmpty()) {
      algorithms = Algorithm.defaults(type).stream().map(Algorithm::code).toList();
    } else {
      algorithms = algorithms.stream().map(a -> Algorithm.of(a, type).code()).distinct().toList();
    }
    Object budget = scope.getVariable(Variables.TUNING_BUDGET);
    int tuning = budget == null || budget.toString().isBlank() ? CandidateTrainer.DEFAULT_TUNING_BUDGET
        : (int) Double.parseDouble(budget.toString());
    List<String> excluded = PrepareDatasetDelegate.list(Variables.text(scope, Variables.EXCLUDED_COLUMNS));
    String primary = Variables.criteria(scope).get(0).metric();
    return new IterationPlan(algorithms, tuning, excluded, primary);
  }
}
