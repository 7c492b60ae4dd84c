package io.mlpm.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The metric names of the contract (design.md), per task type. */
public enum Metric {
  ACCURACY("accuracy", TaskType.CLASSIFICATION, true),
  MACRO_F1("macro_f1", TaskType.CLASSIFICATION, true),
  WEIGHTED_F1("weighted_f1", TaskType.CLASSIFICATION, true),
  MACRO_PRECISION("macro_precision", TaskType.CLASSIFICATION, true),
  MACRO_RECALL("macro_recall", TaskType.CLASSIFICATION, true),
  ROC_AUC("roc_auc", TaskType.CLASSIFICATION, true),
  LOG_LOSS("log_loss", TaskType.CLASSIFICATION, false),
  RMSE("rmse", TaskType.REGRESSION, false),
  MAE("mae", TaskType.REGRESSION, false),
  R2("r2", TaskType.REGRESSION, true);

  private final String code;
  private final TaskType taskType;
  private final boolean higherIsBetter;

  Metric(String code, TaskType taskType, boolean higherIsBetter) {
    this.code = code;
    this.taskType = taskType;
    this.higherIsBetter = higherIsBetter;
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
