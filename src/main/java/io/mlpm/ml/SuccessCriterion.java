package io.mlpm.ml;

/** One measurable success criterion of the charter, e.g. {@code accuracy >= 0.8}. */
public record SuccessCriterion(String metric, String operator, double threshold) {

  /** True when {@code value} satisfies this criterion. */
  public boolean isMetBy(double value) {
    return switch (operator) {
      case ">=" -> value >= threshold;
      case ">" -> value > threshold;
      case "<=" -> value <= threshold;
      case "<" -> value < threshold;
      default -> throw new IllegalStateException("unknown operator " + operator);
    };
  }

  @Override
  public String toString() {
    return metric + " " + operator + " " + threshold;
  }
}
