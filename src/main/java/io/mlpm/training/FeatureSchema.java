package io.mlpm.training;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything training learned about the input columns, stored as JSON next to the model so that
 * prediction applies exactly the same preprocessing.
 *
 * @param targetMean regression only: the target is standardized for SGD and scaled back after
 * @param targetStd regression only, never 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSchema(
    int version,
    TaskType taskType,
    String targetColumn,
    List<FeatureColumn> columns,
    List<SkippedColumn> skipped,
    Double targetMean,
    Double targetStd) {

  public static final int CURRENT_VERSION = 1;

  /** The category that stands for an empty cell of a categorical column. */
  public static final String MISSING = "<missing>";

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public FeatureSchema {
    columns = List.copyOf(columns);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** Tribuo feature names, in the order {@link #encode(Object[])} fills values. */
  @JsonIgnore
  public String[] featureNames() {
    List<String> names = new ArrayList<>();
    for (FeatureColumn c : columns) {
      if (c.kind() == FeatureKind.NUMERIC) {
        names.add(c.name());
      } else {
        c.categories().forEach(v -> names.add(c.name() + "=" + v));
      }
    }
    return names.toArray(String[]::new);
  }

  /**
   * Feature values for one row. {@code cells[i]} belongs to {@code columns.get(i)}: a Double for
   * a numeric column, a String for a categorical one, or null when missing. An unseen category
   * encodes as all zeros. A numeric column with cut points encodes as its bin number (a missing
   * value as the bin of the training mean), otherwise as its standardized value (missing: 0).
   */
  public double[] encode(Object[] cells) {
    int width = 0;
    for (FeatureColumn c : columns) {
      width += c.kind() == FeatureKind.NUMERIC ? 1 : c.categories().size();
    }
    double[] values = new double[width];
    int at = 0;
    for (int i = 0; i < columns.size(); i++) {
      FeatureColumn c = columns.get(i);
      if (c.kind() == FeatureKind.NUMERIC) {
        Double v = (Double) cells[i];
        if (c.cutPoints() != null) {
          values[at++] = bin(c.cutPoints(), v == null ? c.mean() : v);
        } else {
          values[at++] = v == null ? 0.0 : (v - c.mean()) / c.std();
        }
      } else {
        String v = cells[i] == null ? MISSING : (String) cells[i];
        for (String category : c.categories()) {
          values[at++] = category.equals(v) ? 1.0 : 0.0;
        }
      }
    }
    return values;
  }

  /** The number of cut points strictly below {@code value}: 0 to {@code cutPoints.size()}. */
  static int bin(List<Double> cutPoints, double value) {
    int at = java.util.Collections.binarySearch(cutPoints, value);
    return at >= 0 ? at : -(at + 1);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write feature schema", e);
    }
  }

  public static FeatureSchema fromJson(String json) {
    try {
      FeatureSchema schema = JSON.readValue(json, FeatureSchema.class);
      if (schema.version() > CURRENT_VERSION) {
        throw new IllegalArgumentException(
            "Feature schema version " + schema.version() + " is newer than this server supports.");
      }
      return schema;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Feature schema is not valid JSON: " + e.getMessage(), e);
    }
  }
}
