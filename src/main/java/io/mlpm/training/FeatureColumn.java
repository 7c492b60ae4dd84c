package io.mlpm.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One input column and the preprocessing learned from the training rows.
 *
 * @param mean training mean (numeric only); also the value that replaces a missing cell
 * @param std training standard deviation (numeric only), never 0
 * @param categories the training values in one-hot order (categorical only); includes
 *     {@link FeatureSchema#MISSING} when training rows had empty cells in this column
 * @param cutPoints numeric only, and only for tree models: ascending bin boundaries learned from
 *     the training values. When present the model sees the bin number (how many cut points lie
 *     below the value) instead of the standardized value; {@code null} for linear models
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureColumn(
    String name, FeatureKind kind, Double mean, Double std, List<String> categories,
    List<Double> cutPoints) {

  public FeatureColumn {
    categories = categories == null ? null : List.copyOf(categories);
    cutPoints = cutPoints == null ? null : List.copyOf(cutPoints);
  }

  static FeatureColumn numeric(String name, double mean, double std) {
    return new FeatureColumn(name, FeatureKind.NUMERIC, mean, std, null, null);
  }

  static FeatureColumn binned(String name, double mean, double std, List<Double> cutPoints) {
    return new FeatureColumn(name, FeatureKind.NUMERIC, mean, std, null, cutPoints);
  }

  static FeatureColumn categorical(String name, List<String> categories) {
    return new FeatureColumn(name, FeatureKind.CATEGORICAL, null, null, categories, null);
  }
}
