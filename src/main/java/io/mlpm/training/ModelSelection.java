package io.mlpm.training;

import io.mlpm.ml.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses among tuned candidates by the primary metric on the validation split (or its mean over
 * the cross-validation folds). Equal scores go to the simpler algorithm (baseline, then linear,
 * then forest, then boosting); a candidate without the metric comes last.
 */
public final class ModelSelection {

  private ModelSelection() {}

  public static Selection select(List<CandidateResult> candidates, String primaryMetric) {
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("No candidates to select from.");
    }
    Metric metric = Metric.fromCode(primaryMetric).orElseThrow(
        () -> new IllegalArgumentException("Unknown metric '" + primaryMetric + "'."));
    Comparator<CandidateResult> byScore = (a, b) -> {
      Double x = score(a, metric);
      Double y = score(b, metric);
      if (x == null || y == null) {
        return x == null ? (y == null ? 0 : 1) : -1;
      }
      return metric.higherIsBetter() ? Double.compare(y, x) : Double.compare(x, y);
    };
    List<CandidateResult> ranked = new ArrayList<>(candidates);
    ranked.sort(byScore.thenComparingInt(c -> complexity(c.algorithm())));
    CandidateResult best = ranked.get(0);
    return new Selection(best, metric.code(), reason(ranked, metric));
  }

  private static String reason(List<CandidateResult> ranked, Metric metric) {
    CandidateResult best = ranked.get(0);
    Double top = score(best, metric);
    if (top == null) {
      return best.algorithm() + ": no candidate has a " + (best.folds() > 0 ? "cross-validated " : "validation ")
          + metric.code()
          + "; chose the simplest.";
    }
    int decimals = decimals(ranked, metric);
    String scoredBy = best.folds() > 0 ? best.folds() + "-fold cross-validated " : "validation ";
    StringBuilder s = new StringBuilder(best.algorithm()).append(": ").append(scoredBy)
        .append(metric.code()).append(' ').append(format(top, decimals));
    List<String> tied = new ArrayList<>();
    for (int i = 1; i < ranked.size(); i++) {
      CandidateResult other = ranked.get(i);
      Double value = score(other, metric);
      s.append(i == 1 ? " vs " : ", ").append(other.algorithm()).append(' ')
          .append(value == null ? "n/a" : format(value, decimals));
      if (top.equals(value)) {
        tied.add(other.algorithm());
      }
    }
    if (!metric.higherIsBetter()) {
      s.append(" (lower is better)");
    }
    if (!tied.isEmpty()) {
      s.append("; tied with ").append(String.join(", ", tied))
          .append(", so the simpler algorithm was chosen");
    }
    return s.toString();
  }

  /** 3 decimals, more (up to 6) when that is needed to tell the winner from the runner-up. */
  private static int decimals(List<CandidateResult> ranked, Metric metric) {
    Double top = score(ranked.get(0), metric);
    Double second = ranked.size() > 1 ? score(ranked.get(1), metric) : null;
    int decimals = 3;
    while (second != null && !top.equals(second) && decimals < 6
        && format(top, decimals).equals(format(second, decimals))) {
      decimals++;
    }
    return decimals;
  }

  private static String format(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static Double score(CandidateResult c, Metric metric) {
    Double v = c.validationMetrics().get(metric.code());
    return v == null || v.isNaN() ? null : v;
  }

  private static int complexity(String code) {
    return Arrays.stream(Algorithm.values()).filter(a -> a.code().equals(code))
        .mapToInt(Algorithm::complexity).findFirst().orElse(Integer.MAX_VALUE);
  }
}
