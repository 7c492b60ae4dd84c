package io.mlpm.data.profile;

import java.util.List;
import java.util.Map;

/**
 * One column's profile. Numeric figures are null for non-numeric columns; {@code distinctExact}
 * says whether {@code distinct} is exact or an estimate (above the exact bound).
 */
public record ColumnProfile(
    String name,
    ColumnType type,
    long count,
    long missing,
    double missingRatio,
    long distinct,
    boolean distinctExact,
    Double min,
    Double max,
    Double mean,
    Double stdDev,
    /** Approximate quantiles keyed "p01", "p05", "p25", "p50", "p75", "p95", "p99". */
    Map<String, Double> quantiles,
    /** Numeric columns: equal-width bins between min and max. */
    List<HistogramBin> histogram,
    /** Categorical, boolean and text columns: the most frequent values. */
    List<ValueCount> topValues,
    /** Values outside [p25 - 3 IQR, p75 + 3 IQR] (numeric columns), possibly estimated. */
    long outliers,
    double outlierRatio) {

  public record HistogramBin(double lower, double upper, long count) {}

  public record ValueCount(String value, long count) {}
}
