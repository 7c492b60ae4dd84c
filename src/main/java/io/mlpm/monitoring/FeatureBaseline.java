package io.mlpm.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.data.Cells;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training distribution of one input column as buckets with expected proportions.
 *
 * <p>Numeric: {@code edges} are the distinct training deciles (10th to 90th percentile) in
 * ascending order; bucket {@code i} holds values {@code v} with exactly {@code i} edges
 * {@code <= v}, so there are {@code edges.size() + 1} value buckets and anything below the first
 * or above the last edge falls into the outer ones. Then one bucket for missing (or non-numeric)
 * values.
 *
 * <p>Categorical: one bucket per category of {@code categories} (the most frequent training
 * values, at most {@link DriftBaselines#TOP_CATEGORIES}), then {@value #OTHER} for every other
 * value, then {@value #MISSING}.
 *
 * @param expected proportion of the training rows in each bucket, in bucket order (sums to 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureBaseline(
    String name, Kind kind, List<Double> edges, List<String> categories, List<Double> expected) {

  public static final String OTHER = "(other)";
  public static final String MISSING = "(missing)";

  /** How the column is bucketed. */
  public enum Kind {
    NUMERIC,
    CATEGORICAL
  }

  public FeatureBaseline {
    edges = edges == null ? null : List.copyOf(edges);
    categories = categories == null ? null : List.copyOf(categories);
    expected = List.copyOf(expected);
    int buckets = kind == Kind.NUMERIC ? edges.size() + 2 : categories.size() + 2;
    if (expected.size() != buckets) {
      throw new IllegalArgumentException("Feature '" + name + "' has " + expected.size()
          + " expected proportions for " + buckets + " buckets.");
    }
  }

  @JsonIgnore
  public int bucketCount() {
    return expected.size();
  }

  @JsonIgnore
  public int missingBucket() {
    return expected.size() - 1;
  }

  @JsonIgnore
  public double[] expectedArray() {
    return expected.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The bucket of a training cell (text as read from the dataset; null = missing). */
  public int bucketOfCell(String cell) {
    String text = Cells.normalize(cell);
    if (text == null) {
      return missingBucket();
    }
    if (kind == Kind.NUMERIC) {
      Double d = Cells.number(text);
      return d == null ? missingBucket() : numericBucket(d);
    }
    return categoryBucket(text);
  }

  /** The bucket of a served input value as logged in the prediction's input JSON. */
  public int bucketOf(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return missingBucket();
    }
    if (kind == Kind.NUMERIC) {
      Double d = value.isNumber() ? Double.valueOf(value.doubleValue())
          : value.isTextual() ? Cells.number(value.textValue()) : null;
      return d == null || !Double.isFinite(d) ? missingBucket() : numericBucket(d);
    }
    if (value.isNumber()) {
      // The training cell "5" matches a served 5 and 5.0, as the model itself matches them.
      double d = value.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15 && categories.contains(String.valueOf((long) d))) {
        return categories.indexOf(String.valueOf((long) d));
      }
      return categoryBucket(value.asText());
    }
    if (value.isContainerNode()) {
      return categories.size(); // other
    }
    String text = Cells.normalize(value.asText());
    return text == null ? missingBucket() : categoryBucket(text);
  }

  int numericBucket(double v) {
    // Number of edges <= v.
    int lo = 0;
    int hi = edges.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges.get(mid) <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int categoryBucket(String text) {
    int i = categories.indexOf(text);
    return i >= 0 ? i : categories.size();
  }

  /** Human-readable names of the buckets, in bucket order. */
  @JsonIgnore
  public List<String> bucketLabels() {
    List<String> labels = new ArrayList<>();
    if (kind == Kind.NUMERIC) {
      if (edges.isEmpty()) {
        labels.add("any value");
      } else {
        labels.add("< " + number(edges.get(0)));
        for (int i = 1; i < edges.size(); i++) {
          labels.add("[" + number(edges.get(i - 1)) + ", " + number(edges.get(i)) + ")");
        }
        labels.add(">= " + number(edges.get(edges.size() - 1)));
      }
    } else {
      labels.addAll(categories);
      labels.add(OTHER);
    }
    labels.add(MISSING);
    return labels;
  }

  private static String number(double d) {
    return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  @Override
  public String toString() {
    return name + " " + kind + " " + Arrays.toString(expectedArray());
  }
}
