package io.mlpm.charter;

import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import java.util.List;
import java.util.Map;

/** A validated project charter: the business problem, who sponsors it and how success is measured. */
public record Charter(
    String projectName,
    String businessProblem,
    String sponsor,
    String datasetUri,
    String targetColumn,
    TaskType taskType,
    List<SuccessCriterion> successCriteria,
    String sensitiveAttribute,
    int maxIterations,
    /** low, medium or high; high-risk deployments need a compliance co-sign. */
    String riskLevel,
    /** Days each sign-off of the project may wait (its tasks' due date); null for the configured defaults. */
    Integer signOffDays,
    /** The seed of the split and the training; null for the default (42). */
    Long seed,
    /** The CSV separator declared by the charter; null to detect it. */
    String csvDelimiter,
    /** The candidate algorithms named by the charter; empty for the task type's defaults. */
    List<String> algorithms,
    /** Tuning trials per candidate; null for the default. */
    Integer tuningBudget,
    /** Columns the charter leaves out of training (never the target or the sensitive attribute). */
    List<String> excludedColumns,
    /** The charter's overrides of the data quality policy (minRows and the ratios), by name. */
    Map<String, Double> qualityOverrides) {

  public static final int DEFAULT_MAX_ITERATIONS = 3;
  /** The seed of a charter that names none. */
  public static final long DEFAULT_SEED = 42L;

  public Charter {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    excludedColumns = excludedColumns == null ? List.of() : List.copyOf(excludedColumns);
    qualityOverrides = qualityOverrides == null ? Map.of() : Map.copyOf(qualityOverrides);
  }
}
