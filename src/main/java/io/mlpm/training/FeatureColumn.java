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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureColumn(
    String name, FeatureKind kind, Double mean, Double std, List<String> categories) {

  static FeatureColumn numeric(String name, double mean, double std) {
    return new FeatureColumn(name, FeatureKind.NUMERIC, mean, std, null);
  }

  static FeatureColumn categorical(String name, List<String> categories) {
    return new FeatureColumn(name, FeatureKind.CATEGORICAL, null, null, List.copyOf(categories));
  }
}
