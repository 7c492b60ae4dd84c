package io.mlpm.training;

import io.mlpm.ml.TaskType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The candidate algorithms, their hyperparameters and search spaces. Every hyperparameter is text
 * (as stored in the registry); the search space lists the values random search may draw, and
 * {@link #defaultParameters()} is the configuration tried first. Any value of the right type is
 * accepted by {@link ModelTrainer#train(Algorithm, Map, io.mlpm.data.Dataset, String, TaskType,
 * long)}, not only grid values.
 */
public enum Algorithm {
  /** Predicts the most frequent training class, probabilities = training class frequencies. */
  MAJORITY_BASELINE("majority_baseline", TaskType.CLASSIFICATION, 0,
      space(entry("strategy", "most_frequent")),
      point("strategy", "most_frequent")),
  /** Predicts the training mean. */
  MEAN_BASELINE("mean_baseline", TaskType.REGRESSION, 0,
      space(entry("strategy", "mean")),
      point("strategy", "mean")),
  /** Multinomial logistic regression, SGD with AdaGrad on standardized features. */
  LOGISTIC_REGRESSION("logistic_regression", TaskType.CLASSIFICATION, 1,
      space(entry("epochs", "5", "10", "20"), entry("learning_rate", "0.1", "0.5", "1.0")),
      point("epochs", String.valueOf(ModelTrainer.CLASSIFICATION_EPOCHS),
          "learning_rate", String.valueOf(ModelTrainer.CLASSIFICATION_LEARNING_RATE))),
  /** Least-squares linear regression, SGD with AdaGrad on standardized features and target. */
  LINEAR_REGRESSION("linear_regression", TaskType.REGRESSION, 1,
      space(entry("epochs", "10", "20", "40"), entry("learning_rate", "0.05", "0.1", "0.3")),
      point("epochs", String.valueOf(ModelTrainer.REGRESSION_EPOCHS),
          "learning_rate", String.valueOf(ModelTrainer.REGRESSION_LEARNING_RATE))),
  /**
   * Random forest of Tribuo CART trees, each grown on a seeded bootstrap sample of at most
   * {@code max_samples} rows, splitting on a random {@code feature_fraction} of the features at
   * each node; numeric features binned into {@code numeric_bins} training quantiles.
   */
  RANDOM_FOREST("random_forest", null, 2,
      space(entry("trees", "10", "30", "50"), entry("max_depth", "6", "10", "16"),
          entry("feature_fraction", "0.5", "0.7", "1.0"), entry("min_child_weight", "1.0", "5.0"),
          entry("max_samples", "20000"), entry("numeric_bins", "64")),
      point("trees", "30", "max_depth", "10", "feature_fraction", "0.7",
          "min_child_weight", "5.0", "max_samples", "20000", "numeric_bins", "64")),
  /**
   * Gradient-boosted trees (XGBoost's histogram method through Tribuo): {@code trees} rounds of
   * depth {@code max_depth}, shrunk by {@code learning_rate}, each on a {@code subsample} of the
   * rows and a {@code feature_fraction} of the features.
   */
  GRADIENT_BOOSTING("gradient_boosting", null, 3,
      space(entry("trees", "50", "100", "200"), entry("max_depth", "3", "4", "6"),
          entry("learning_rate", "0.05", "0.1", "0.3"), entry("subsample", "0.8", "1.0"),
          entry("feature_fraction", "0.8", "1.0"), entry("min_child_weight", "1.0", "5.0")),
      point("trees", "100", "max_depth", "6", "learning_rate", "0.1", "subsample", "0.8",
          "feature_fraction", "0.8", "min_child_weight", "1.0"));

  private final String code;
  private final TaskType taskType;
  private final int complexity;
  private final Map<String, List<String>> searchSpace;
  private final Map<String, String> defaultParameters;

  Algorithm(String code, TaskType taskType, int complexity, Map<String, List<String>> searchSpace,
      Map<String, String> defaultParameters) {
    this.code = code;
    this.taskType = taskType;
    this.complexity = complexity;
    this.searchSpace = searchSpace;
    this.defaultParameters = defaultParameters;
  }

  public String code() {
    return code;
  }

  /** Whether the algorithm can learn this task ({@code random_forest} does both). */
  public boolean supports(TaskType type) {
    return taskType == null || taskType == type;
  }

  /**
   * Whether the algorithm can weigh the classes of this task (classification beyond the baseline):
   * then {@link ModelTrainer#CLASS_WEIGHT} is one of its hyperparameters.
   */
  public boolean weighsClasses(TaskType type) {
    return type == TaskType.CLASSIFICATION && supports(type) && complexity > 0;
  }

  /** 0 for a baseline, 1 for a linear model, 2 for a forest, 3 for boosting; ties in selection go to the lower. */
  public int complexity() {
    return complexity;
  }

  /** Hyperparameter name to the values random search draws from, in a fixed order. */
  public Map<String, List<String>> searchSpace() {
    return searchSpace;
  }

  public Map<String, String> defaultParameters() {
    return defaultParameters;
  }

  /** Number of configurations in the search grid. */
  public int gridSize() {
    return searchSpace.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b);
  }

  /** The default candidates for a task: baseline, linear, forest, boosting (simplest first). */
  public static List<Algorithm> defaults(TaskType type) {
    return type == TaskType.CLASSIFICATION
        ? List.of(MAJORITY_BASELINE, LOGISTIC_REGRESSION, RANDOM_FOREST, GRADIENT_BOOSTING)
        : List.of(MEAN_BASELINE, LINEAR_REGRESSION, RANDOM_FOREST, GRADIENT_BOOSTING);
  }

  /** The algorithm with this code for this task; IllegalArgumentException when there is none. */
  public static Algorithm of(String code, TaskType type) {
    return Arrays.stream(values()).filter(a -> a.code.equals(code) && a.supports(type))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("Unknown algorithm '" + code
            + "' for " + type.code() + "; known: "
            + defaults(type).stream().map(Algorithm::code).toList()));
  }

  private static Map.Entry<String, List<String>> entry(String name, String... values) {
    return Map.entry(name, List.of(values));
  }

  @SafeVarargs
  private static Map<String, List<String>> space(Map.Entry<String, List<String>>... entries) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : entries) {
      m.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, String> point(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Hyperparameter names a parameters map may also carry that do not change the model. */
  static final Set<String> INFORMATIONAL = Set.of("seed", "features", "objective", "optimiser",
      "adagrad_epsilon", "minibatch_size", "tree_method");
}
