package io.mlpm.training;

import io.mlpm.data.Dataset;
import io.mlpm.ml.Metric;
import io.mlpm.ml.TaskType;
import io.mlpm.training.ModelEvaluator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tunes candidate algorithms: seeded random search over each {@link Algorithm#searchSpace()},
 * every trial trained on the training split and scored on the validation split (or, for small
 * data, by k-fold cross-validation on both), the best by the primary metric kept. The first trial
 * is always the algorithm's default configuration, the others are drawn without repetition from
 * the rest of the grid; where a classification target's classes are imbalanced, the grid also
 * holds each configuration with balanced class weights, and the second trial is the default one
 * with them.
 */
public final class CandidateTrainer {

  private static final Logger log = LoggerFactory.getLogger(CandidateTrainer.class);

  /** Trials per algorithm unless told otherwise; a baseline always has exactly one. */
  public static final int DEFAULT_TUNING_BUDGET = 4;
  /** Classes are imbalanced when the rarest has fewer than this share of the most frequent one's rows. */
  static final double IMBALANCED_BELOW = 0.5;

  private final ModelTrainer trainer = new ModelTrainer();
  private final ModelEvaluator evaluator = new ModelEvaluator();

  /** Tunes every algorithm of {@link Algorithm#defaults(TaskType)}, simplest first. */
  public List<CandidateResult> trainDefaults(Dataset train, Dataset validation,
      String targetColumn, TaskType type, String primaryMetric, int tuningBudget, long seed) {
    List<CandidateResult> results = new ArrayList<>();
    for (Algorithm a : Algorithm.defaults(type)) {
      results.add(train(a.code(), train, validation, targetColumn, type, primaryMetric,
          tuningBudget, seed));
    }
    return results;
  }

  /** Tunes {@code algorithm} with every trial scored on the validation split. */
  public CandidateResult train(String algorithm, Dataset train, Dataset validation,
      String targetColumn, TaskType type, String primaryMetric, int tuningBudget, long seed) {
    return train(algorithm, train, validation, targetColumn, type, primaryMetric, tuningBudget,
        seed, 0);
  }

  /**
   * @param algorithm an {@link Algorithm#code()} for this task type
   * @param primaryMetric a {@link Metric} code of this task type; decides the best trial,
   *     respecting {@link Metric#higherIsBetter()}
   * @param tuningBudget at most this many trials (at least 1)
   * @param seed used for the search, the folds and, unchanged, for every trial's training
   * @param folds below 2: each trial is trained on the training split and scored on the
   *     validation split; else each trial is scored by {@code folds}-fold cross-validation on the
   *     training and validation rows together (the mean of the fold scores, each fold's recorded),
   *     and the best configuration is then trained on the training split
   */
  public CandidateResult train(String algorithm, Dataset train, Dataset validation,
      String targetColumn, TaskType type, String primaryMetric, int tuningBudget, long seed,
      int folds) {
    Algorithm alg = Algorithm.of(algorithm, type);
    Metric metric = metric(primaryMetric, type);
    if (tuningBudget < 1) {
      throw new IllegalArgumentException("The tuning budget must be at least 1: " + tuningBudget);
    }
    boolean weighClasses = alg.weighsClasses(type) && imbalanced(train, targetColumn);
    List<Map<String, String>> configurations =
        configurations(alg, tuningBudget, seed, weighClasses);
    CrossValidation cv = null;
    if (folds >= 2) {
      try {
        cv = CrossValidation.of(train, validation, targetColumn, type, folds, seed);
      } catch (IllegalArgumentException e) {
        // Too few distinct rows (or a class too rare) to fold: the validation split still decides.
        log.info("{}: no {}-fold cross-validation ({}); tuned on the validation split", alg.code(), folds,
            e.getMessage());
      }
    }
    log.info("Tuning {} on {} training / {} validation rows: {} of {} configurations by {} {}{} "
            + "(seed {})", alg.code(), train.size(), validation.size(), configurations.size(),
        alg.gridSize() * (weighClasses ? 2 : 1),
        cv == null ? "validation" : cv.folds() + "-fold cross-validated", metric.code(),
        weighClasses ? ", balanced class weights tried (imbalanced classes)" : "", seed);
    Map<ModelTrainer.Preparation, ModelTrainer.Prepared> prepared = new HashMap<>();
    List<Map<String, String>> resolved = configurations.stream()
        .map(c -> ModelTrainer.resolve(alg, c, type)).toList();
    CrossValidation.Scores folded = cv == null ? null : cv.score(alg, resolved, seed);
    List<Trial> trials = new ArrayList<>();
    ModelTrainer.Fitted best = null;
    Trial bestTrial = null;
    Map<String, String> bestResolved = null;
    for (int c = 0; c < resolved.size(); c++) {
      Map<String, String> parameters = resolved.get(c);
      ModelTrainer.Fitted fitted = null;
      Map<String, Double> metrics;
      List<Double> foldScores = null;
      long millis;
      if (folded == null) {
        long start = System.nanoTime();
        ModelTrainer.Prepared data = prepared.computeIfAbsent(ModelTrainer.preparation(alg, parameters),
            b -> trainer.prepare(train, targetColumn, type, b));
        fitted = trainer.fit(alg, parameters, data, seed);
        metrics = evaluator.evaluate(fitted.trainedModel(), validation, targetColumn);
        millis = (System.nanoTime() - start) / 1_000_000;
      } else {
        List<Map<String, Double>> perFold = folded.perFold().get(c);
        metrics = CrossValidation.mean(perFold);
        foldScores = perFold.stream().map(m -> m.getOrDefault(metric.code(), Double.NaN)).toList();
        millis = folded.millis()[c];
      }
      Trial trial = new Trial(trials.size() + 1, parameters, metrics, millis, foldScores);
      trials.add(trial);
      boolean improved = bestTrial == null
          || better(metrics.get(metric.code()), bestTrial.validationMetrics().get(metric.code()),
              metric);
      if (improved) {
        best = fitted;
        bestTrial = trial;
        bestResolved = parameters;
      }
      log.info("{} trial {}/{} {}: {} {} {}{} in {} ms{}", alg.code(), trial.number(),
          configurations.size(), parameters, cv == null ? "validation" : "cross-validated",
          metric.code(), format(metrics.get(metric.code())),
          foldScores == null ? "" : " (folds " + foldScores.stream().map(CandidateTrainer::format).toList() + ")",
          trial.durationMillis(), improved ? " (best so far)" : "");
    }
    if (cv != null) {
      // The folds chose the configuration; the candidate is trained like a holdout one, on the training split.
      Map<String, String> chosen = bestResolved;
      best = trainer.fit(alg, chosen, prepared.computeIfAbsent(ModelTrainer.preparation(alg, chosen),
          b -> trainer.prepare(train, targetColumn, type, b)), seed);
    }
    log.info("{}: best trial {} with {} {} {}", alg.code(), bestTrial.number(),
        cv == null ? "validation" : "cross-validated", metric.code(),
        format(bestTrial.validationMetrics().get(metric.code())));
    return new CandidateResult(alg.code(), best.toResult(), bestTrial.parameters(),
        bestTrial.validationMetrics(), trials, cv == null ? 0 : cv.folds());
  }

  /**
   * Whether the training target's classes are imbalanced: the rarest class has fewer than
   * {@link #IMBALANCED_BELOW} of the most frequent one's rows.
   */
  static boolean imbalanced(Dataset train, String targetColumn) {
    int target = train.columnIndex(targetColumn);
    if (target < 0) {
      return false;
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String[] row : train.rows()) {
      if (row[target] != null) {
        counts.merge(row[target], 1, Integer::sum);
      }
    }
    if (counts.size() < 2) {
      return false;
    }
    int max = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int min = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    return min < IMBALANCED_BELOW * max;
  }

  /**
   * Trains {@code algorithm} with recorded {@code parameters} (a trial's parameters, or a
   * {@link TrainingResult#parameters()} map) on the same rows with the same seed: the model
   * predicts exactly as the recorded one.
   */
  public TrainingResult retrain(String algorithm, Map<String, String> parameters, Dataset train,
      String targetColumn, TaskType type, long seed) {
    return trainer.train(Algorithm.of(algorithm, type), parameters, train, targetColumn, type,
        seed);
  }

  /** The default configuration, then up to budget - 1 others drawn at random from the grid. */
  static List<Map<String, String>> configurations(Algorithm algorithm, int budget, long seed) {
    return configurations(algorithm, budget, seed, false);
  }

  /**
   * The default configuration, then up to budget - 1 others drawn at random from the grid; with
   * {@code weighClasses} the grid has every configuration also with balanced class weights, and
   * the second trial is the default one with them (the rest drawn as before).
   */
  static List<Map<String, String>> configurations(Algorithm algorithm, int budget, long seed,
      boolean weighClasses) {
    List<Map<String, String>> grid = new ArrayList<>();
    grid.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> dimension : algorithm.searchSpace().entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : grid) {
        for (String value : dimension.getValue()) {
          Map<String, String> c = new LinkedHashMap<>(partial);
          c.put(dimension.getKey(), value);
          next.add(c);
        }
      }
      grid = next;
    }
    if (weighClasses) {
      List<Map<String, String>> weighed = new ArrayList<>();
      for (Map<String, String> c : grid) {
        weighed.add(c);
        weighed.add(balanced(c));
      }
      grid = weighed;
    }
    Map<String, String> defaults = algorithm.defaultParameters();
    List<Map<String, String>> chosen = new ArrayList<>();
    chosen.add(defaults);
    if (weighClasses && budget > 1) {
      chosen.add(balanced(defaults));
    }
    grid.removeIf(chosen::contains);
    Collections.shuffle(grid, new Random(seed ^ algorithm.code().hashCode()));
    chosen.addAll(grid.subList(0, Math.min(grid.size(), Math.max(0, budget - chosen.size()))));
    return chosen;
  }

  private static Map<String, String> balanced(Map<String, String> configuration) {
    Map<String, String> c = new LinkedHashMap<>(configuration);
    c.put(ModelTrainer.CLASS_WEIGHT, ModelTrainer.BALANCED);
    return c;
  }

  static String format(Double value) {
    return value == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", value);
  }

  static Metric metric(String code, TaskType type) {
    Metric metric = Metric.fromCode(code).orElseThrow(() -> new IllegalArgumentException(
        "Unknown metric '" + code + "'; known: " + Metric.codesFor(type)));
    if (metric.taskType() != type) {
      throw new IllegalArgumentException("Metric '" + code + "' is not a " + type.code()
          + " metric; known: " + Metric.codesFor(type));
    }
    return metric;
  }

  /** Whether {@code a} beats {@code b}; a missing or NaN value never beats anything. */
  static boolean better(Double a, Double b, Metric metric) {
    if (a == null || a.isNaN()) {
      return false;
    }
    if (b == null || b.isNaN()) {
      return true;
    }
    return metric.higherIsBetter() ? a > b : a < b;
  }
}
