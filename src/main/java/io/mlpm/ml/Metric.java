package io.mlpm.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The metric names of the contract (design.md), per task type. */
public enum Metric {
  ACCURACY("accuracy", TaskType.CLASSIFICATION, true, 0, 1),
  MACRO_F1("macro_f1", TaskType.CLASSIFICATION, true, 0, 1),
  WEIGHTED_F1("weighted_f1", TaskType.CLASSIFICATION, true, 0, 1),
  MACRO_PRECISION("macro_precision", TaskType.CLASSIFICATION, true, 0, 1),
  MACRO_RECALL("macro_recall", TaskType.CLASSIFICATION, true, 0, 1),
  ROC_AUC("roc_auc", TaskType.CLASSIFICATION, true, 0, 1),
  LOG_LOSS("log_loss", TaskType.CLASSIFICATION, false, 0, Double.POSITIVE_INFINITY),
  RMSE("rmse", TaskType.REGRESSION, false, 0, Double.POSITIVE_INFINITY),
  MAE("mae", TaskType.REGRESSION, false, 0, Double.POSITIVE_INFINITY),
  R2("r2", TaskType.REGRESSION, true, Double.NEGATIVE_INFINITY, 1);

  private final String code;
  private final TaskType taskType;
  private final boolean higherIsBetter;
  private final double min;
  private final double max;

  Metric(String code, TaskType taskType, boolean higherIsBetter, double min, double max) {
    this.code = code;
    this.taskType = taskType;
    this.higherIsBetter = higherIsBetter;
    this.min = min;
    this.max = max;
  }

  /** The lowest value the metric can take (a criterion's threshold lies within min..max). */
  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** "0 to 1", "0 or more", "at most 1". */
  public String range() {
    if (Double.isInfinite(max)) {
      return fmt(min) + " or more";
    }
    return Double.isInfinite(min) ? "at most " + fmt(max) : fmt(min) + " to " + fmt(max);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  public String code() {
    return code;
  }

  public TaskType taskType() {
    return taskType;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public static Optional<Metric> fromCode(String code) {
    return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
  }

  public static List<String> codesFor(TaskType type) {
    return Arrays.stream(values()).filter(m -> m.taskType == type).map(Metric::code).toList();
  }
}
