package io.mlpm.report;

import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.data.profile.ColumnProfile.ValueCount;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One column of the report, its figures already formatted for reading. */
public record ColumnRow(String name, String type, String missing, String distinct, String min, String max,
    String mean, String stdDev, String distribution, String outliers, String chartUrl) {

  private static final List<String> QUANTILES = List.of("p01", "p05", "p25", "p50", "p75", "p95", "p99");

  static ColumnRow of(String projectKey, ColumnProfile c) {
    return new ColumnRow(c.name(), c.type() == null ? "" : c.type().name(),
        Figures.percent(c.missingRatio()) + " (" + Figures.count(c.missing()) + ")",
        (c.distinctExact() ? "" : "≈ ") + Figures.count(c.distinct()),
        Figures.number(c.min()), Figures.number(c.max()), Figures.number(c.mean()), Figures.number(c.stdDev()),
        distribution(c), c.min() == null ? "" : Figures.count(c.outliers()) + " (" + Figures.percent(c.outlierRatio())
            + ")",
        ChartLinks.column(projectKey, c.name()));
  }

  /** Quantiles for numbers, else the most frequent values. */
  private static String distribution(ColumnProfile c) {
    Map<String, Double> q = c.quantiles();
    if (q != null && !q.isEmpty()) {
      return QUANTILES.stream().filter(q::containsKey)
          .map(k -> k + " " + Figures.number(q.get(k))).collect(Collectors.joining(" · "));
    }
    List<ValueCount> top = c.topValues();
    if (top == null || top.isEmpty()) {
      return "";
    }
    return top.stream().limit(5).map(v -> Labels.shorten(v.value(), 40) + " (" + Figures.count(v.count()) + ")")
        .collect(Collectors.joining(" · "));
  }
}
