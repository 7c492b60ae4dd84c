package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.util.List;

/**
 * Everything needed to rebuild a prepared dataset exactly: the columns left out of the features,
 * the seed and the ratios. Together with the file's fingerprint it makes the split reproducible.
 */
public record PreparationPlan(String targetColumn, TaskType taskType, List<String> excludedColumns, long seed,
    double testRatio, double validationRatio, Character csvDelimiter) {

  /** A plan for a file whose CSV separator is detected. */
  public PreparationPlan(String targetColumn, TaskType taskType, List<String> excludedColumns, long seed,
      double testRatio, double validationRatio) {
    this(targetColumn, taskType, excludedColumns, seed, testRatio, validationRatio, null);
  }

  public static final double TEST_RATIO = 0.2;
  /** Share of the non-test rows kept aside for validation (tuning and model selection). */
  public static final double VALIDATION_RATIO = 0.2;
}
