package io.mlpm.training;

import java.util.Map;

/**
 * One model output.
 *
 * @param value the predicted label (String) for classification, a Double for regression
 * @param probabilities class label to probability; {@code null} for regression
 */
public record Prediction(Object value, Map<String, Double> probabilities) {}
