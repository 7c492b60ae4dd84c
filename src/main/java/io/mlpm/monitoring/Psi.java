package io.mlpm.monitoring;

/**
 * Population stability index: {@code Σ (a − e) · ln(a / e)} over matching buckets of two
 * distributions given as proportions. An empty bucket counts as {@link #EPSILON}, so a bucket
 * that is empty on one side adds a large but finite term instead of infinity.
 *
 * <p>Usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a major shift.
 */
public final class Psi {

  /** Stands in for a proportion of 0. */
  public static final double EPSILON = 1e-4;

  private Psi() {}

  public static double of(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("PSI needs the same buckets on both sides: " + expected.length
          + " expected vs " + actual.length + " actual proportions.");
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], EPSILON);
      double a = Math.max(actual[i], EPSILON);
      psi += (a - e) * Math.log(a / e);
    }
    return psi;
  }

  /** Counts as proportions of their total; all zeros when the total is 0. */
  public static double[] proportions(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    if (total > 0) {
      for (int i = 0; i < counts.length; i++) {
        p[i] = (double) counts[i] / total;
      }
    }
    return p;
  }
}
