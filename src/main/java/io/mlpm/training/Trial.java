package io.mlpm.training;

import java.util.Map;

/**
 * One tuning trial: a hyperparameter configuration trained on the training split and scored on
 * the validation split.
 *
 * @param number 1-based, in the order tried
 * @param parameters the full hyperparameter configuration, as {@link CandidateTrainer#retrain}
 *     takes it
 * @param validationMetrics every metric of {@link io.mlpm.ml.Metrics} on the validation
 *     split
 * @param durationMillis training plus validation scoring
 */
public record Trial(int number, Map<String, String> parameters,
    Map<String, Double> validationMetrics, long durationMillis) {

  public Trial {
    parameters = Map.copyOf(parameters);
    validationMetrics = Map.copyOf(validationMetrics);
  }
}
