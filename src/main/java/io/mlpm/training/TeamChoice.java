package io.mlpm.training;

import java.util.List;

/**
 * What the data scientists chose to train, checked when they decided: the algorithms and tuning
 * budget of their last retry on {@code reviewIteration}, or of the charter until they chose.
 *
 * @param algorithms empty: the charter's
 * @param tuningBudget null: the charter's
 */
public record TeamChoice(List<String> algorithms, Integer tuningBudget) {

  public static final TeamChoice CHARTER = new TeamChoice(List.of(), null);

  public TeamChoice {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
  }
}
