package io.mlpm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One tuning trial: a hyperparameter configuration trained on the training split and scored on
 * the validation split, or scored by k-fold cross-validation on both.
 *
 * @param number 1-based, in the order tried
 * @param parameters the full hyperparameter configuration, as {@link CandidateTrainer#retrain}
 *     takes it
 * @param validationMetrics every metric of {@link io.mlpm.ml.Metrics} on the validation
 *     split, or their means over the folds
 * @param durationMillis training plus scoring
 * @param foldScores the primary metric on each fold's held-out rows, in fold order; null when
 *     the trial was scored on the validation split
 */
public record Trial(int number, Map<String, String> parameters,
    Map<String, Double> validationMetrics, long durationMillis,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> foldScores) {

  public Trial {
    parameters = Map.copyOf(parameters);
    validationMetrics = Map.copyOf(validationMetrics);
    foldScores = foldScores == null ? null : List.copyOf(foldScores);
  }

  /** A trial scored on the validation split. */
  public Trial(int number, Map<String, String> parameters, Map<String, Double> validationMetrics,
      long durationMillis) {
    this(number, parameters, validationMetrics, durationMillis, null);
  }
}
