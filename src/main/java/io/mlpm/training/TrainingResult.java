package io.mlpm.training;

import java.util.Map;

/**
 * What training produced and how.
 *
 * @param algorithm {@code logistic_regression} or {@code linear_regression}
 * @param parameters hyperparameters as text (epochs, learning rate, seed, ...)
 * @param modelBytes the Tribuo model as protobuf bytes ({@code model.serialize().toByteArray()})
 * @param featureSchemaJson the {@link FeatureSchema} as JSON; needed to predict
 * @param provenance Tribuo's provenance of the model, formatted as text
 */
public record TrainingResult(
    String algorithm,
    Map<String, String> parameters,
    byte[] modelBytes,
    String featureSchemaJson,
    String provenance) {

  @Override
  public String toString() {
    return "TrainingResult[" + algorithm + ", " + parameters + ", " + modelBytes.length
        + " model bytes]";
  }
}
