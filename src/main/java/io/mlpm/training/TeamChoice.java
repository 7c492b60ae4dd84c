package io.mlpm.training;

import java.util.List;

/**
 * What the data scientists chose to train, checked when they decided: the algorithms, tuning
 * budget and columns to leave out of their last retry on {@code reviewIteration}, or of the charter
 * until they chose.
 *
 * @param algorithms null: the charter's; empty: the task type's defaults
 * @param tuningBudget null: the charter's
 * @param excludedColumns null: the charter's; empty: none
 */
public record TeamChoice(List<String> algorithms, Integer tuningBudget, List<String> excludedColumns) {

  public static final TeamChoice CHARTER = new TeamChoice(null, null, null);

  public TeamChoice {
    algorithms = algorithms == null ? null : List.copyOf(algorithms);
    excludedColumns = excludedColumns == null ? null : List.copyOf(excludedColumns);
  }
}
