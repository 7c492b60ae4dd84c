package io.mlpm.evaluation;

/**
 * How one success criterion fared.
 *
 * @param value the metric's value, {@code null} when it was not computed
 * @param message one sentence for the report, e.g. "accuracy is 0.9333, needs >= 0.8: met."
 */
public record CriterionResult(
    String metric, String operator, double threshold, Double value, boolean met, String message) {}
