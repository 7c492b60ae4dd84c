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
 * every trial trained on the training split and scored on the validation split, the best by the
 * primary metric kept. The first trial is always the algorithm's default configuration, the
 * others are drawn without repetition from the rest of the grid.
 */
public final class CandidateTrainer {

  private static final Logger log = LoggerFactory.getLogger(CandidateTrainer.class);

  /** Trials per algorithm unless told otherwise; a baseline always has exactly one. */
  public static final int DEFAULT_TUNING_BUDGET = 4;

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

  /**
   * @param algorithm an {@link Algorithm#code()} for this task type
   * @param primaryMetric a {@link Metric} code of this task type; decides the best trial,
   *     respecting {@link Metric#higherIsBetter()}
   * @param tuningBudget at most this many trials (at least 1)
   * @param seed used for the search and, unchanged, for every trial's training
   */
  public CandidateResult train(String algorithm, Dataset train, Dataset validation,
      String targetColumn, TaskType type, String primaryMetric, int tuningBudget, long seed) {
    Algorithm alg = Algorithm.of(algorithm, type);
    Metric metric = metric(primaryMetric, type);
    if (tuningBudget < 1) {
      throw new IllegalArgumentException("The tuning budget must be at least 1: " + tuningBudget);
    }
    List<Map<String, String>> configurations = configurations(alg, tuningBudget, seed);
    log.info("Tuning {} on {} training / {} validation rows: {} of {} configurations by "
            + "validation {} (seed {})", alg.code(), train.size(), validation.size(),
        configurations.size(), alg.gridSize(), metric.code(), seed);
    Map<Integer, ModelTrainer.Prepared> prepared = new HashMap<>();
    List<Trial> trials = new ArrayList<>();
    ModelTrainer.Fitted best = null;
    Trial bestTrial = null;
    for (Map<String, String> configuration : configurations) {
      long start = System.nanoTime();
      Map<String, String> resolved = ModelTrainer.resolve(alg, configuration, type);
      ModelTrainer.Prepared data = prepared.computeIfAbsent(
          ModelTrainer.numericBins(alg, resolved),
          bins -> trainer.prepare(train, targetColumn, type, bins));
      ModelTrainer.Fitted fitted = trainer.fit(alg, resolved, data, seed);
      Map<String, Double> metrics =
          evaluator.evaluate(fitted.trainedModel(), validation, targetColumn);
      Trial trial = new Trial(trials.size() + 1, resolved, metrics,
          (System.nanoTime() - start) / 1_000_000);
      trials.add(trial);
      boolean improved = bestTrial == null
          || better(metrics.get(metric.code()), bestTrial.validationMetrics().get(metric.code()),
              metric);
      if (improved) {
        best = fitted;
        bestTrial = trial;
      }
      log.info("{} trial {}/{} {}: validation {} {} in {} ms{}", alg.code(), trial.number(),
          configurations.size(), resolved, metric.code(), format(metrics.get(metric.code())),
          trial.durationMillis(), improved ? " (best so far)" : "");
    }
    log.info("{}: best trial {} with validation {} {}", alg.code(), bestTrial.number(),
        metric.code(), format(bestTrial.validationMetrics().get(metric.code())));
    return new CandidateResult(alg.code(), best.toResult(), bestTrial.parameters(),
        bestTrial.validationMetrics(), trials);
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
    Map<String, String> defaults = algorithm.defaultParameters();
    grid.removeIf(defaults::equals);
    Collections.shuffle(grid, new Random(seed ^ algorithm.code().hashCode()));
    List<Map<String, String>> chosen = new ArrayList<>();
    chosen.add(defaults);
    chosen.addAll(grid.subList(0, Math.min(grid.size(), budget - 1)));
    return chosen;
  }

  private static String format(Double value) {
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
