package io.mlpm.training;

import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * k-fold cross-validation on the training and validation rows together, for data too small for one
 * validation split to tell candidates apart. The folds are seeded and, for classification,
 * stratified ({@link #assign}); identical rows share a fold. Each fold's features are fitted on its
 * own training part only (imputation, scaling and categories never see the rows it is scored on).
 */
final class CrossValidation {

  private static final long FOLD_SALT = 0x6b66_6f6c_6473L;

  private final List<Dataset> fits;
  private final List<Dataset> held;
  private final String targetColumn;
  private final TaskType type;
  private final ModelTrainer trainer = new ModelTrainer();
  private final ModelEvaluator evaluator = new ModelEvaluator();

  private CrossValidation(List<Dataset> fits, List<Dataset> held, String targetColumn, TaskType type) {
    this.fits = fits;
    this.held = held;
    this.targetColumn = targetColumn;
    this.type = type;
  }

  static CrossValidation of(Dataset train, Dataset validation, String targetColumn, TaskType type,
      int folds, long seed) {
    if (!train.columns().equals(validation.columns())) {
      throw new IllegalArgumentException("The training and validation rows have different columns: "
          + train.columns() + " and " + validation.columns() + ".");
    }
    int target = train.columnIndex(targetColumn);
    if (target < 0) {
      throw new IllegalArgumentException("Target column '" + targetColumn + "' is not in the training data.");
    }
    List<String[]> rows = new ArrayList<>(train.size() + validation.size());
    for (Dataset part : List.of(train, validation)) {
      for (String[] row : part.rows()) {
        if (row[target] != null) {
          rows.add(row);
        }
      }
    }
    int[] fold = assign(rows, target, type, folds, seed);
    List<Dataset> fits = new ArrayList<>();
    List<Dataset> held = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<String[]> in = new ArrayList<>();
      List<String[]> out = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        (fold[i] == f ? out : in).add(rows.get(i));
      }
      if (out.isEmpty() || in.isEmpty()) {
        throw new IllegalArgumentException(folds + "-fold cross-validation needs at least " + folds
            + " distinct rows with a target value; there are " + rows.size() + " rows.");
      }
      if (type == TaskType.CLASSIFICATION && in.stream().map(r -> r[target]).distinct().count() < 2) {
        throw new IllegalArgumentException("fold " + (f + 1) + " of " + folds + " would train on one class only.");
      }
      fits.add(new Dataset(train.columns(), in));
      held.add(new Dataset(train.columns(), out));
    }
    return new CrossValidation(fits, held, targetColumn, type);
  }

  int folds() {
    return fits.size();
  }

  /** Each configuration's metrics on each fold, and its training and scoring time over all folds. */
  record Scores(List<List<Map<String, Double>>> perFold, long[] millis) {}

  /**
   * Each configuration trained on each fold's other rows and scored on the fold. Fold by fold: only
   * one fold's prepared rows are held at a time (per numeric binning), as much as a holdout trial's.
   *
   * @param resolved the configurations, as {@link ModelTrainer#resolve} returns them
   */
  Scores score(Algorithm algorithm, List<Map<String, String>> resolved, long seed) {
    List<List<Map<String, Double>>> perFold = new ArrayList<>();
    long[] nanos = new long[resolved.size()];
    for (int c = 0; c < resolved.size(); c++) {
      perFold.add(new ArrayList<>());
    }
    for (int f = 0; f < fits.size(); f++) {
      Dataset fit = fits.get(f);
      Map<ModelTrainer.Preparation, ModelTrainer.Prepared> prepared = new HashMap<>();
      for (int c = 0; c < resolved.size(); c++) {
        long start = System.nanoTime();
        ModelTrainer.Prepared data = prepared.computeIfAbsent(ModelTrainer.preparation(algorithm, resolved.get(c)),
            how -> trainer.prepare(fit, targetColumn, type, how));
        ModelTrainer.Fitted fitted = trainer.fit(algorithm, resolved.get(c), data, seed);
        perFold.get(c).add(evaluator.evaluate(fitted.trainedModel(), held.get(f), targetColumn));
        nanos[c] += System.nanoTime() - start;
      }
    }
    long[] millis = new long[nanos.length];
    for (int c = 0; c < nanos.length; c++) {
      millis[c] = nanos[c] / 1_000_000;
    }
    return new Scores(perFold, millis);
  }

  /** Each metric's mean over the folds where it is a number; a metric no fold has is left out. */
  static Map<String, Double> mean(List<Map<String, Double>> perFold) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (Map<String, Double> fold : perFold) {
      fold.forEach((metric, value) -> {
        if (value != null && Double.isFinite(value)) {
          double[] s = sums.computeIfAbsent(metric, m -> new double[2]);
          s[0] += value;
          s[1]++;
        }
      });
    }
    Map<String, Double> means = new LinkedHashMap<>();
    sums.forEach((metric, s) -> means.put(metric, s[0] / s[1]));
    return means;
  }

  /**
   * The fold of each row: seeded, the same for the same rows in the same order. Identical rows (kept
   * duplicates) go to one fold together, so no fold is scored on copies of its own training rows;
   * classification rows are dealt class by class, each group of identical rows to the fold with the
   * fewest rows of its class (then the fewest rows), so each fold holds each class's share to within
   * one group.
   */
  static int[] assign(List<String[]> rows, int target, TaskType type, int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("Cross-validation needs at least 2 folds: " + folds);
    }
    Map<String, Map<List<String>, List<Integer>>> classes = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String group = type == TaskType.CLASSIFICATION ? rows.get(i)[target] : "";
      classes.computeIfAbsent(group, g -> new LinkedHashMap<>())
          .computeIfAbsent(java.util.Arrays.asList(rows.get(i)), r -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed ^ FOLD_SALT);
    int[] fold = new int[rows.size()];
    int[] total = new int[folds];
    for (Map<List<String>, List<Integer>> identical : classes.values()) {
      List<List<Integer>> groups = new ArrayList<>(identical.values());
      Collections.shuffle(groups, random);
      int[] ofClass = new int[folds];
      for (List<Integer> group : groups) {
        int to = 0;
        for (int f = 1; f < folds; f++) {
          if (ofClass[f] < ofClass[to] || ofClass[f] == ofClass[to] && total[f] < total[to]) {
            to = f;
          }
        }
        for (int i : group) {
          fold[i] = to;
        }
        ofClass[to] += group.size();
        total[to] += group.size();
      }
    }
    return fold;
  }
}
