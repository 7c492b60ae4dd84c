package io.mlpm.training;

import java.util.List;
import java.util.Map;

/**
 * One tuned candidate algorithm.
 *
 * @param algorithm the {@link Algorithm#code()}
 * @param model the best trial's model (trained on the training split only)
 * @param bestParameters the best trial's hyperparameters; {@link CandidateTrainer#retrain} with
 *     these and the same seed and rows gives the same model
 * @param validationMetrics the best trial's metrics on the validation split, or their means over
 *     the cross-validation folds
 * @param trials every trial, in the order tried
 * @param folds how many cross-validation folds scored the trials; 0 when the validation split did
 */
public record CandidateResult(String algorithm, TrainingResult model,
    Map<String, String> bestParameters, Map<String, Double> validationMetrics,
    List<Trial> trials, int folds) {

  public CandidateResult {
    bestParameters = Map.copyOf(bestParameters);
    validationMetrics = Map.copyOf(validationMetrics);
    trials = List.copyOf(trials);
  }

  /** A candidate tuned on the validation split. */
  public CandidateResult(String algorithm, TrainingResult model, Map<String, String> bestParameters,
      Map<String, Double> validationMetrics, List<Trial> trials) {
    this(algorithm, model, bestParameters, validationMetrics, trials, 0);
  }
}
