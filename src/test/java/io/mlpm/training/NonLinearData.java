package io.mlpm.training;

import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Generated tables a linear model cannot fit well but a forest can. */
final class NonLinearData {

  private NonLinearData() {}

  /**
   * XOR: class "same" when x and y have the same sign, else "diff" (about 54% "same"), 3% of the
   * labels flipped; plus a noise column, a category that carries nothing, and ~5% missing x.
   */
  static Dataset xor(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = -0.5 + 1.5 * r.nextDouble();
      double y = -0.6 + 1.6 * r.nextDouble();
      boolean same = (x > 0) == (y > 0);
      if (r.nextDouble() < 0.03) {
        same = !same;
      }
      rows.add(new String[] {r.nextDouble() < 0.05 ? null : fmt(x), fmt(y), fmt(r.nextGaussian()),
          new String[] {"a", "b", "c"}[r.nextInt(3)], same ? "same" : "diff"});
    }
    return new Dataset(List.of("x", "y", "noise", "group", "label"), rows);
  }

  /** target = 10 sin(3 x) + 5 |y| + 4 [group = b] + small noise. */
  static Dataset wave(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = -2 + 4 * r.nextDouble();
      double y = -2 + 4 * r.nextDouble();
      String group = new String[] {"a", "b", "c"}[r.nextInt(3)];
      double target = 10 * Math.sin(3 * x) + 5 * Math.abs(y) + (group.equals("b") ? 4 : 0)
          + 0.5 * r.nextGaussian();
      rows.add(new String[] {fmt(x), fmt(y), fmt(r.nextGaussian()), group, fmt(target)});
    }
    return new Dataset(List.of("x", "y", "noise", "group", "target"), rows);
  }

  /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code d}. */
  static Dataset slice(Dataset d, int from, int to) {
    return new Dataset(d.columns(), d.rows().subList(from, to));
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
