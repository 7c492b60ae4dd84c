package io.mlpm.evaluation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * Everything the model card shows about one evaluation on the held-out test split, stored as
 * JSON beside the model version ({@link EvaluationReports}). Built by {@link EvaluationReporter}.
 *
 * @param version format version of this JSON ({@link #CURRENT_VERSION})
 * @param taskType {@code classification} or {@code regression}
 * @param testRows test rows with a target value, the rows every figure is computed on
 * @param metrics the charter's metrics as {@link Metrics} computes them
 * @param confusion classification only, else null
 * @param roc classification only: one-vs-rest curves (binary: only the positive class)
 * @param residuals regression only, else null
 * @param importance permutation importance, most important first
 * @param fairness null unless a sensitive attribute was named
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationReport(
    int version,
    String taskType,
    String target,
    int testRows,
    long seed,
    Map<String, Double> metrics,
    ConfusionMatrix confusion,
    List<RocCurve> roc,
    Residuals residuals,
    Importance importance,
    Fairness fairness) {

  public static final int CURRENT_VERSION = 1;

  public EvaluationReport {
    roc = roc == null ? List.of() : List.copyOf(roc);
  }

  public boolean isClassification() {
    return "classification".equals(taskType);
  }

  /**
   * Counts of (actual, predicted) label pairs.
   *
   * @param labels sorted union of actual and predicted labels (as {@link Metrics})
   * @param counts {@code counts[i][j]}: rows whose actual label is {@code labels[i]} and whose
   *     predicted label is {@code labels[j]}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ConfusionMatrix(List<String> labels, List<List<Integer>> counts) {

    public int count(String actual, String predicted) {
      int i = labels.indexOf(actual);
      int j = labels.indexOf(predicted);
      return i < 0 || j < 0 ? 0 : counts.get(i).get(j);
    }
  }

  /**
   * One-vs-rest ROC curve of one class.
   *
   * @param auc area under the curve (Mann-Whitney, as {@link Metrics}); null when the test rows
   *     hold only this class or none of it, and then {@code points} is empty
   * @param points from (0, 0) to (1, 1), one per distinct score (thinned when there are many)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RocCurve(String positiveClass, Double auc, List<RocPoint> points) {}

  /** A point of a ROC curve: predicting positive when the score is at least {@code threshold}. */
  public record RocPoint(double falsePositiveRate, double truePositiveRate, Double threshold) {}

  /**
   * Residual = actual − predicted.
   *
   * @param sample at most {@link EvaluationReporter#MAX_RESIDUAL_POINTS}, drawn with the seed
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Residuals(
      int count, double mean, double std, double min, double q1, double median, double q3,
      double max, double meanAbsolute, List<ResidualPoint> sample) {}

  public record ResidualPoint(double predicted, double residual) {}

  /**
   * Permutation feature importance.
   *
   * @param metric the metric whose drop is measured (the primary metric when it was computed)
   * @param higherIsBetter of that metric; importances are signed so that positive = important
   * @param baseline the metric on the unshuffled rows used here
   * @param rows rows used (a seeded sample when the test split is large)
   * @param repeats shuffles per column
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Importance(String metric, boolean higherIsBetter, double baseline, int rows,
      int repeats, List<FeatureImportance> features) {}

  /**
   * @param importance mean worsening of the metric when the column is shuffled (positive =
   *     the model relies on it; about 0 = unused; negative = shuffling happened to help)
   * @param std standard deviation over the repeats
   */
  public record FeatureImportance(String feature, double importance, double std) {}

  /**
   * Figures per group of the sensitive attribute.
   *
   * @param positiveClass binary classification: the class whose selection rate is compared
   * @param selectionRateDifference classification: per class, max − min of the share of rows
   *     predicted as that class across groups (binary: only the positive class)
   * @param demographicParityDifference classification: the largest of those differences
   *     (binary: the positive class's); regression: null
   * @param meanPredictionDifference regression: max − min of the mean prediction across groups
   * @param note why figures are missing, e.g. the column is not in the test data
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Fairness(String attribute, String positiveClass, List<GroupFigures> groups,
      Map<String, Double> selectionRateDifference, Double demographicParityDifference,
      Double meanPredictionDifference, String note) {}

  /**
   * @param group the attribute's value; {@link EvaluationReporter#MISSING_GROUP} for an empty cell
   * @param selectionRates classification: class → share of the group's rows predicted as it
   * @param meanPrediction regression: the group's mean prediction
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GroupFigures(String group, int rows, Map<String, Double> metrics,
      Map<String, Double> selectionRates, Double meanPrediction) {}
}
