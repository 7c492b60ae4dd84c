package io.mlpm.evaluation;

import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import io.mlpm.evaluation.EvaluationReport.ConfusionMatrix;
import io.mlpm.evaluation.EvaluationReport.Fairness;
import io.mlpm.evaluation.EvaluationReport.FeatureImportance;
import io.mlpm.evaluation.EvaluationReport.GroupFigures;
import io.mlpm.evaluation.EvaluationReport.Importance;
import io.mlpm.evaluation.EvaluationReport.ResidualPoint;
import io.mlpm.evaluation.EvaluationReport.Residuals;
import io.mlpm.evaluation.EvaluationReport.RocCurve;
import io.mlpm.evaluation.EvaluationReport.RocPoint;
import io.mlpm.ml.Metric;
import io.mlpm.ml.Metrics;
import io.mlpm.ml.TaskType;
import io.mlpm.training.Prediction;
import io.mlpm.training.TrainedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the {@link EvaluationReport} of a model on its held-out test split: metrics, confusion
 * matrix and ROC curves or residuals, permutation feature importance and, when the charter names
 * a sensitive attribute, figures per group. Deterministic for a given seed.
 */
public final class EvaluationReporter {

  public static final int MAX_RESIDUAL_POINTS = 2_000;
  public static final int MAX_ROC_POINTS = 400;
  public static final int DEFAULT_REPEATS = 3;
  public static final int DEFAULT_MAX_IMPORTANCE_ROWS = 5_000;
  /** The group of rows whose sensitive attribute is empty. */
  public static final String MISSING_GROUP = "(missing)";

  private final int repeats;
  private final int maxImportanceRows;

  public EvaluationReporter() {
    this(DEFAULT_REPEATS, DEFAULT_MAX_IMPORTANCE_ROWS);
  }

  /**
   * @param repeats shuffles per feature column for permutation importance
   * @param maxImportanceRows importance is computed on a seeded sample of at most this many rows
   */
  public EvaluationReporter(int repeats, int maxImportanceRows) {
    if (repeats < 1 || maxImportanceRows < 1) {
      throw new IllegalArgumentException("repeats and maxImportanceRows must be at least 1");
    }
    this.repeats = repeats;
    this.maxImportanceRows = maxImportanceRows;
  }

  /**
   * @param test the held-out rows; rows without a target value are left out, as in
   *     {@link ModelEvaluator}
   * @param primaryMetric the metric whose drop measures importance (the charter's first success
   *     criterion); when null, unknown or not computed, accuracy resp. rmse is used
   * @param sensitiveAttribute a column of {@code test} to compare groups by, or null
   */
  public EvaluationReport report(TrainedModel model, Dataset test, String target, String primaryMetric,
      String sensitiveAttribute, long seed) {
    return report(model.taskType(), model, null, test, target, primaryMetric, sensitiveAttribute, seed);
  }

  /**
   * The report of a model seen only through its predictions (an external candidate's, whose artifact
   * is opaque here): the same figures but permutation importance, which needs the model.
   *
   * @param predictions one per row of {@code test}, in its order
   */
  public EvaluationReport reportOfPredictions(TaskType type, List<Prediction> predictions, Dataset test,
      String target, String sensitiveAttribute, long seed) {
    if (predictions.size() != test.rows().size()) {
      throw new IllegalArgumentException(predictions.size() + " predictions for " + test.rows().size() + " rows.");
    }
    return report(type, null, predictions, test, target, null, sensitiveAttribute, seed);
  }

  private EvaluationReport report(TaskType type, TrainedModel model, List<Prediction> given, Dataset test,
      String target, String primaryMetric, String sensitiveAttribute, long seed) {
    int targetIndex = test.columnIndex(target);
    if (targetIndex < 0) {
      throw new IllegalArgumentException("Target column '" + target + "' is not in the test data.");
    }
    List<String[]> rows = new ArrayList<>();
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < test.rows().size(); i++) {
      String[] row = test.rows().get(i);
      if (row[targetIndex] != null) {
        rows.add(row);
        if (given != null) {
          predictions.add(given.get(i));
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("The test data has no rows with a target value.");
    }
    List<Map<String, Object>> inputs = model == null ? null : inputs(test.columns(), rows, targetIndex);
    List<String> actual = rows.stream().map(r -> r[targetIndex]).toList();
    boolean classification = type == TaskType.CLASSIFICATION;
    if (model != null) {
      predictions = model.predict(inputs);
    }
    Scorer scorer = classification ? Scorer.classification(actual) : Scorer.regression(actual);
    Map<String, Double> metrics = scorer.score(predictions);

    ConfusionMatrix confusion = null;
    List<RocCurve> roc = List.of();
    Residuals residuals = null;
    if (classification) {
      List<String> predicted = labels(predictions);
      List<String> classes = classes(actual, predicted);
      confusion = confusion(actual, predicted, classes);
      List<Map<String, Double>> scores = probabilities(predictions);
      roc = scores == null ? List.of() : rocCurves(actual, scores, classes);
    } else {
      residuals = residuals(scorer.truth, values(predictions), seed);
    }
    Importance importance = model == null ? null : importance(model, inputs, scorer, metrics, primaryMetric, seed);
    Fairness fairness = sensitiveAttribute == null || sensitiveAttribute.isBlank() ? null
        : fairness(test.columns().indexOf(sensitiveAttribute), sensitiveAttribute, rows, actual, predictions,
            classification);
    return new EvaluationReport(EvaluationReport.CURRENT_VERSION, type.code(), target, rows.size(),
        seed, metrics, confusion, roc, residuals, importance, fairness);
  }

  // ---------------------------------------------------------------- classification figures

  /** Sorted union of actual and predicted labels, exactly as {@link Metrics} orders classes. */
  static List<String> classes(List<String> actual, List<String> predicted) {
    TreeSet<String> all = new TreeSet<>(actual);
    all.addAll(predicted);
    return new ArrayList<>(all);
  }

  static ConfusionMatrix confusion(List<String> actual, List<String> predicted, List<String> classes) {
    int k = classes.size();
    int[][] counts = new int[k][k];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < k; i++) {
      index.put(classes.get(i), i);
    }
    for (int i = 0; i < actual.size(); i++) {
      counts[index.get(actual.get(i))][index.get(predicted.get(i))]++;
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (int[] row : counts) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return new ConfusionMatrix(List.copyOf(classes), rows);
  }

  /** Binary: the curve of the positive class (the second label) only; more classes: one per class. */
  static List<RocCurve> rocCurves(List<String> actual, List<Map<String, Double>> probabilities,
      List<String> classes) {
    if (classes.size() < 2) {
      return List.of();
    }
    List<String> positives = classes.size() == 2 ? List.of(classes.get(1)) : classes;
    List<RocCurve> curves = new ArrayList<>();
    for (String positive : positives) {
      curves.add(rocCurve(actual, probabilities, positive));
    }
    return curves;
  }

  static RocCurve rocCurve(List<String> actual, List<Map<String, Double>> probabilities, String positive) {
    Double auc = Metrics.binaryAuc(actual, probabilities, positive);
    if (auc == null) {
      return new RocCurve(positive, null, List.of());
    }
    Metrics.ScoresByKind scores = Metrics.ScoresByKind.of(actual, probabilities, positive);
    double[] pos = scores.positives();
    double[] neg = scores.negatives();
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(0, 0, null));
    // From the highest score down; tied scores move together.
    int p = pos.length - 1;
    int q = neg.length - 1;
    while (p >= 0 || q >= 0) {
      double threshold = p < 0 ? neg[q] : q < 0 ? pos[p] : Math.max(pos[p], neg[q]);
      while (p >= 0 && Double.compare(pos[p], threshold) == 0) {
        p--;
      }
      while (q >= 0 && Double.compare(neg[q], threshold) == 0) {
        q--;
      }
      points.add(new RocPoint((double) (neg.length - 1 - q) / neg.length,
          (double) (pos.length - 1 - p) / pos.length, threshold));
    }
    return new RocCurve(positive, auc, thin(points, MAX_ROC_POINTS));
  }

  /** Keeps the first and last point and evenly spaced ones between. */
  private static <T> List<T> thin(List<T> points, int max) {
    if (points.size() <= max) {
      return points;
    }
    List<T> kept = new ArrayList<>();
    double step = (points.size() - 1) / (double) (max - 1);
    for (int i = 0; i < max; i++) {
      kept.add(points.get((int) Math.round(i * step)));
    }
    return kept;
  }

  // ---------------------------------------------------------------- regression figures

  static Residuals residuals(double[] actual, double[] predicted, long seed) {
    int n = actual.length;
    double[] residual = new double[n];
    double sum = 0;
    double abs = 0;
    for (int i = 0; i < n; i++) {
      residual[i] = actual[i] - predicted[i];
      sum += residual[i];
      abs += Math.abs(residual[i]);
    }
    double mean = sum / n;
    double squares = 0;
    for (double r : residual) {
      squares += (r - mean) * (r - mean);
    }
    double[] sorted = residual.clone();
    Arrays.sort(sorted);
    List<Integer> indices = sampleIndices(n, MAX_RESIDUAL_POINTS, seed);
    List<ResidualPoint> sample = indices.stream()
        .map(i -> new ResidualPoint(predicted[i], residual[i])).toList();
    return new Residuals(n, mean, Math.sqrt(squares / n), sorted[0], quantile(sorted, 0.25),
        quantile(sorted, 0.5), quantile(sorted, 0.75), sorted[n - 1], abs / n, sample);
  }

  /** Linear interpolation between closest ranks (numpy's default). */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int low = (int) Math.floor(position);
    int high = (int) Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  }

  /** All indices when {@code n <= max}, else a seeded sample of {@code max}, in ascending order. */
  static List<Integer> sampleIndices(int n, int max, long seed) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    if (n <= max) {
      return all;
    }
    Collections.shuffle(all, new Random(seed));
    List<Integer> sample = new ArrayList<>(all.subList(0, max));
    Collections.sort(sample);
    return sample;
  }

  // ---------------------------------------------------------------- permutation importance

  private Importance importance(TrainedModel model, List<Map<String, Object>> inputs, Scorer scorer,
      Map<String, Double> metrics, String primaryMetric, long seed) {
    String metric = importanceMetric(model.taskType(), primaryMetric, metrics);
    boolean higherIsBetter = Metric.fromCode(metric).map(Metric::higherIsBetter).orElse(true);
    List<Integer> sample = sampleIndices(inputs.size(), maxImportanceRows, seed);
    List<Map<String, Object>> rows = sample.stream().map(inputs::get).toList();
    Scorer sampled = scorer.subset(sample);
    double baseline = sample.size() == inputs.size() ? metrics.get(metric)
        : sampled.score(model.predict(rows)).get(metric);
    Random random = new Random(seed);
    List<FeatureImportance> features = new ArrayList<>();
    for (String column : model.featureColumns()) {
      double[] drops = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        List<Object> values = new ArrayList<>(rows.size());
        rows.forEach(row -> values.add(row.get(column)));
        Collections.shuffle(values, random);
        List<Map<String, Object>> shuffled = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
          Map<String, Object> copy = new HashMap<>(rows.get(i));
          copy.put(column, values.get(i));
          shuffled.add(copy);
        }
        Double permuted = sampled.score(model.predict(shuffled)).get(metric);
        double value = permuted == null ? baseline : permuted;
        drops[r] = higherIsBetter ? baseline - value : value - baseline;
      }
      double mean = Arrays.stream(drops).average().orElse(0);
      double variance = Arrays.stream(drops).map(d -> (d - mean) * (d - mean)).average().orElse(0);
      features.add(new FeatureImportance(column, mean, Math.sqrt(variance)));
    }
    features.sort(Comparator.comparingDouble(FeatureImportance::importance).reversed()
        .thenComparing(FeatureImportance::feature));
    return new Importance(metric, higherIsBetter, baseline, rows.size(), repeats, features);
  }

  /** The primary metric when it belongs to the task and was computed, else accuracy / rmse. */
  static String importanceMetric(TaskType type, String primaryMetric, Map<String, Double> metrics) {
    boolean usable = primaryMetric != null
        && Metric.fromCode(primaryMetric).filter(m -> m.taskType() == type).isPresent()
        && metrics.get(primaryMetric) != null && Double.isFinite(metrics.get(primaryMetric));
    return usable ? primaryMetric : type == TaskType.CLASSIFICATION ? "accuracy" : "rmse";
  }

  // ---------------------------------------------------------------- fairness

  private static Fairness fairness(int column, String attribute, List<String[]> rows, List<String> actual,
      List<Prediction> predictions, boolean classification) {
    if (column < 0) {
      return new Fairness(attribute, null, List.of(), Map.of(), null, null,
          "The sensitive attribute '" + attribute + "' is not a column of the test data.");
    }
    List<String> groups = rows.stream().map(r -> r[column] == null ? MISSING_GROUP : r[column]).toList();
    return classification
        ? classificationFairness(attribute, groups, actual, predictions)
        : regressionFairness(attribute, groups, actual, predictions);
  }

  /** Rows of each group, groups in name order with the missing group last. */
  private static Map<String, List<Integer>> byGroup(List<String> groups) {
    Map<String, List<Integer>> members = new TreeMap<>(Comparator
        .comparing((String g) -> g.equals(MISSING_GROUP)).thenComparing(Comparator.naturalOrder()));
    for (int i = 0; i < groups.size(); i++) {
      members.computeIfAbsent(groups.get(i), g -> new ArrayList<>()).add(i);
    }
    return members;
  }

  static Fairness classificationFairness(String attribute, List<String> groups, List<String> actual,
      List<Prediction> predictions) {
    List<String> predicted = labels(predictions);
    List<String> classes = classes(actual, predicted);
    String positive = classes.size() == 2 ? classes.get(1) : null;
    List<String> compared = positive != null ? List.of(positive) : classes;
    List<GroupFigures> figures = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> group : byGroup(groups).entrySet()) {
      List<Integer> members = group.getValue();
      List<String> groupActual = members.stream().map(actual::get).toList();
      List<String> groupPredicted = members.stream().map(predicted::get).toList();
      Map<String, Double> metrics = Metrics.classification(groupActual, groupPredicted,
          members.stream().map(i -> predictions.get(i).probabilities()).toList());
      Map<String, Double> rates = new LinkedHashMap<>();
      for (String c : classes) {
        rates.put(c, groupPredicted.stream().filter(c::equals).count() / (double) members.size());
      }
      figures.add(new GroupFigures(group.getKey(), members.size(), metrics, rates, null));
    }
    Map<String, Double> differences = new LinkedHashMap<>();
    for (String c : compared) {
      differences.put(c, spread(figures.stream().map(g -> g.selectionRates().get(c)).toList()));
    }
    double parity = differences.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new Fairness(attribute, positive, figures, differences, parity, null,
        figures.size() < 2 ? "Only one group in the test data: nothing to compare." : null);
  }

  static Fairness regressionFairness(String attribute, List<String> groups, List<String> actual,
      List<Prediction> predictions) {
    double[] truth = numbers(actual);
    double[] predicted = values(predictions);
    List<GroupFigures> figures = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> group : byGroup(groups).entrySet()) {
      List<Integer> members = group.getValue();
      double[] t = members.stream().mapToDouble(i -> truth[i]).toArray();
      double[] p = members.stream().mapToDouble(i -> predicted[i]).toArray();
      figures.add(new GroupFigures(group.getKey(), members.size(), Metrics.regression(t, p), null,
          Arrays.stream(p).average().orElse(0)));
    }
    double difference = spread(figures.stream().map(GroupFigures::meanPrediction).toList());
    return new Fairness(attribute, null, figures, Map.of(), null, difference,
        figures.size() < 2 ? "Only one group in the test data: nothing to compare." : null);
  }

  private static double spread(List<Double> values) {
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    return max - min;
  }

  // ---------------------------------------------------------------- helpers

  private static List<Map<String, Object>> inputs(List<String> columns, List<String[]> rows, int target) {
    List<Map<String, Object>> inputs = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      Map<String, Object> input = new HashMap<>();
      for (int c = 0; c < row.length; c++) {
        if (c != target) {
          input.put(columns.get(c), row[c]);
        }
      }
      inputs.add(input);
    }
    return inputs;
  }

  private static List<String> labels(List<Prediction> predictions) {
    return predictions.stream().map(p -> (String) p.value()).toList();
  }

  /** Each prediction's class probabilities; null when a prediction has none (an external trainer may send none). */
  private static List<Map<String, Double>> probabilities(List<Prediction> predictions) {
    return predictions.stream().allMatch(p -> p.probabilities() != null)
        ? predictions.stream().map(Prediction::probabilities).toList() : null;
  }

  private static double[] values(List<Prediction> predictions) {
    return predictions.stream().mapToDouble(p -> ((Number) p.value()).doubleValue()).toArray();
  }

  private static double[] numbers(List<String> cells) {
    double[] out = new double[cells.size()];
    for (int i = 0; i < out.length; i++) {
      Double v = Cells.number(cells.get(i));
      if (v == null) {
        throw new IllegalArgumentException("Test target value '" + cells.get(i) + "' is not a number.");
      }
      out[i] = v;
    }
    return out;
  }

  /** The truth of some rows and how predictions for them score. */
  private static final class Scorer {
    private final List<String> labels;
    private final double[] truth;

    private Scorer(List<String> labels, double[] truth) {
      this.labels = labels;
      this.truth = truth;
    }

    static Scorer classification(List<String> actual) {
      return new Scorer(actual, null);
    }

    static Scorer regression(List<String> actual) {
      return new Scorer(null, numbers(actual));
    }

    Scorer subset(List<Integer> indices) {
      return labels != null
          ? new Scorer(indices.stream().map(labels::get).toList(), null)
          : new Scorer(null, indices.stream().mapToDouble(i -> truth[i]).toArray());
    }

    Map<String, Double> score(List<Prediction> predictions) {
      return labels != null
          ? Metrics.classification(labels, EvaluationReporter.labels(predictions), probabilities(predictions))
          : Metrics.regression(truth, values(predictions));
    }
  }
}
