package io.mlpm.monitoring;

/**
 * One finding of a health check, shaped for the {@code reviewDegradation} form's table.
 *
 * @param feature the feature it is about; null for findings about the whole model
 * @param figure the figure in short, e.g. {@code PSI 0.31} or {@code accuracy 0.70}; may be null
 * @param message the finding as a sentence naming the feature, the figure and the thresholds
 */
public record HealthFinding(String feature, String figure, String message) {

  static HealthFinding general(String message) {
    return new HealthFinding(null, null, message);
  }
}
