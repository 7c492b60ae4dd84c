package io.mlpm.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Moments folded a block at a time equal two passes. Beyond {@link ColumnAccumulator#KLL_ALL_VALUES} numbers the quantile sketch is fed a weighted
 * sample: quantiles, histogram and outliers stay within the sketch's tolerance, also when the
 * values drift along the file (the earlier, fully counted values must not weigh more).
 */
class ColumnAccumulatorSamplingTest {

  private static final int N = 3_000_000;

  @Test
  void increasingIdsKeepTheirMedian() {
    ColumnAccumulator column = new ColumnAccumulator("row");
    for (int i = 1; i <= N; i++) {
      add(column, Integer.toString(i));
    }
    ColumnProfile profile = column.profile();
    assertThat(profile.quantiles().get("p50")).isCloseTo(N / 2.0, within(N * 0.02));
    assertThat(profile.quantiles().get("p05")).isCloseTo(N * 0.05, within(N * 0.02));
    assertThat(profile.quantiles().get("p95")).isCloseTo(N * 0.95, within(N * 0.02));
    long sum = profile.histogram().stream().mapToLong(ColumnProfile.HistogramBin::count).sum();
    assertThat(sum).isEqualTo(N);
    for (ColumnProfile.HistogramBin bin : profile.histogram()) {
      assertThat((double) bin.count()).isCloseTo(N / 20.0, within(N * 0.02));
    }
    assertThat(profile.outliers()).isZero();
  }

  @Test
  void normalValuesKeepQuantilesAndOutliers() {
    ColumnAccumulator column = new ColumnAccumulator("x");
    SplittableRandom random = new SplittableRandom(3);
    int extremes = 0;
    for (int i = 0; i < N; i++) {
      double g = gaussian(random);
      if (i % 10_000 == 0) {
        g = 50; // far outside p75 + 3 IQR
        extremes++;
      }
      add(column, String.format(java.util.Locale.ROOT, "%.5f", g));
    }
    ColumnProfile profile = column.profile();
    assertThat(profile.quantiles().get("p50")).isCloseTo(0.0, within(0.05));
    assertThat(profile.quantiles().get("p25")).isCloseTo(-0.674, within(0.05));
    assertThat(profile.quantiles().get("p75")).isCloseTo(0.674, within(0.05));
    // outliers come from the sketch's ranks: within its rank error (~1.3% of the values)
    assertThat((double) profile.outliers()).isCloseTo(extremes, within(N * 0.013));
  }

  /**
   * Mean and standard deviation are folded in a block at a time: they equal a two-pass computation
   * for counts that are not a multiple of the block, for values far from zero, and for a first
   * value far from all the others (where shifted sums would lose every digit).
   */
  @Test
  void meanAndDeviationAreThoseOfTwoPasses() {
    SplittableRandom random = new SplittableRandom(11);
    for (int count : new int[] {1, 2, 255, 256, 257, 1000, 70_001}) {
      for (double offset : new double[] {0, 1e9}) {
        double[] values = new double[count];
        ColumnAccumulator column = new ColumnAccumulator("v");
        for (int i = 0; i < count; i++) {
          values[i] = i == 0 && count > 2 ? offset + 1e7 : offset + Math.round(gaussian(random) * 1000) / 100.0;
          add(column, Double.toString(values[i]));
        }
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double squares = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        double sd = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
        ColumnProfile profile = column.profile();
        assertThat(profile.mean()).as("%d values at %s", count, offset).isCloseTo(mean, within(Math.abs(mean) * 1e-12 + 1e-9));
        assertThat(profile.stdDev()).as("%d values at %s", count, offset).isCloseTo(sd, within(sd * 1e-9 + 1e-9));
        assertThat(profile.min()).isEqualTo(java.util.Arrays.stream(values).min().orElseThrow());
        assertThat(profile.max()).isEqualTo(java.util.Arrays.stream(values).max().orElseThrow());
      }
    }
  }

  @Test
  void aColumnOfOneDecimalValueHasThatMeanAndNoDeviation() {
    ColumnAccumulator column = new ColumnAccumulator("v");
    for (int i = 0; i < 1000; i++) {
      add(column, "0.1");
    }
    ColumnProfile profile = column.profile();
    assertThat(profile.mean()).isEqualTo(0.1);
    assertThat(profile.stdDev()).isEqualTo(0.0);
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  private static void add(ColumnAccumulator column, String value) {
    char[] chars = value.toCharArray();
    column.accept(chars, 0, chars.length, CellKinds.hash(chars, 0, chars.length));
  }
}
