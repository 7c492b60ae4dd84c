package io.mlpm.serving;

import java.util.List;
import java.util.Map;

/** The answer of the prediction endpoint: which model version answered, and one prediction per row. */
public record PredictionResponse(int modelVersion, List<Item> predictions) {

  /** One row's prediction; {@code id} is what feedback refers to. */
  public record Item(long id, Object prediction, Map<String, Double> probabilities) {}
}
