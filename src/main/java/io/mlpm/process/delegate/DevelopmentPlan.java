package io.mlpm.process.delegate;

import io.mlpm.process.Variables;
import io.mlpm.training.ExternalTrainers;
import io.mlpm.training.TeamChoice;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * The collection of the multi-instance {@code trainCandidates}
 * ({@code ${developmentPlan.algorithms(execution)}}): the candidates {@code planIteration} fixed, and
 * the team's last choice of what to train, which the process carries from {@code reviewIteration}.
 */
@Component("developmentPlan")
public class DevelopmentPlan {

  /** The built-in candidates ({@code trainCandidates}). */
  public List<String> algorithms(VariableScope scope) {
    return Variables.columns(scope, Variables.CANDIDATE_ALGORITHMS).stream()
        .filter(a -> !ExternalTrainers.isExternal(a)).toList();
  }

  /** The external candidates' trainer topics ({@code trainExternally}). */
  public List<String> externalTopics(VariableScope scope) {
    return Variables.columns(scope, Variables.CANDIDATE_ALGORITHMS).stream()
        .filter(ExternalTrainers::isExternal).map(ExternalTrainers::topic).toList();
  }

  public boolean hasExternal(VariableScope scope) {
    return !externalTopics(scope).isEmpty();
  }

  /**
   * Algorithms, budget and columns left out as the charter started them or the last retry set them
   * (checked when submitted); a variable the process does not hold leaves the charter's.
   */
  static TeamChoice teamChoice(VariableScope scope) {
    Object budget = scope.getVariable(Variables.TUNING_BUDGET);
    return new TeamChoice(held(scope, Variables.ALGORITHMS),
        budget == null || budget.toString().isBlank() ? null : (int) Double.parseDouble(budget.toString()),
        held(scope, Variables.EXCLUDED_COLUMNS));
  }

  private static List<String> held(VariableScope scope, String name) {
    return scope.hasVariable(name) ? Variables.columns(scope, name) : null;
  }
}
