package io.mlpm.training;

import io.mlpm.ml.TaskType;
import java.util.List;

/**
 * What a project's charter in force says about model development, read by project key
 * ({@link ProjectDevelopmentTerms}).
 *
 * @param algorithms the candidate algorithms' codes (empty: the task type's defaults)
 * @param tuningBudget tuning trials per candidate (null: the default)
 * @param excludedColumns the columns the charter leaves out of the features
 * @param primaryMetric the first success criterion's metric: what selection and tuning optimise
 */
public record DevelopmentTerms(TaskType taskType, List<String> algorithms, Integer tuningBudget,
    List<String> excludedColumns, String primaryMetric) {

  public DevelopmentTerms {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    excludedColumns = excludedColumns == null ? List.of() : List.copyOf(excludedColumns);
  }
}
