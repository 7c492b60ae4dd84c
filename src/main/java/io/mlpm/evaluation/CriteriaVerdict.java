package io.mlpm.evaluation;

import io.mlpm.ml.SuccessCriterion;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares the charter's success criteria with the computed metrics. */
public final class CriteriaVerdict {

  private CriteriaVerdict() {}

  public static List<CriterionResult> check(
      List<SuccessCriterion> criteria, Map<String, Double> metrics) {
    return criteria.stream().map(c -> check(c, metrics.get(c.metric()))).toList();
  }

  /** True when there is at least one criterion and every one is met. */
  public static boolean allMet(List<CriterionResult> results) {
    return !results.isEmpty() && results.stream().allMatch(CriterionResult::met);
  }

  private static CriterionResult check(SuccessCriterion c, Double value) {
    String needs = "needs " + c.operator() + " " + plain(c.threshold());
    if (value == null || value.isNaN()) {
      return result(c, value, false,
          c.metric() + " was not computed, " + needs + ": not met.");
    }
    boolean met;
    try {
      met = c.isMetBy(value);
    } catch (IllegalStateException e) {
      return result(c, value, false, c.metric() + " has an unknown operator '" + c.operator()
          + "': not met.");
    }
    String head = c.metric() + " is " + String.format(Locale.ROOT, "%.4f", value) + ", " + needs;
    if (met) {
      return result(c, value, true, head + ": met.");
    }
    double gap = Math.abs(value - c.threshold());
    String tail = gap == 0
        ? ": missed, it must be strictly " + (c.operator().startsWith(">") ? "above." : "below.")
        : ": missed by " + String.format(Locale.ROOT, "%.4f", gap) + ".";
    return result(c, value, false, head + tail);
  }

  private static CriterionResult result(SuccessCriterion c, Double value, boolean met, String m) {
    return new CriterionResult(c.metric(), c.operator(), c.threshold(), value, met, m);
  }

  /** 0.8 rather than 0.8000 or 8.0E-1. */
  private static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
