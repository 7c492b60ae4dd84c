package io.mlpm.training;

import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Generated tables that look like real business data: mixed units, a category, gaps. */
public final class SyntheticData {

  static final String[] CLASSES = {"bronze", "silver", "gold"};
  static final String[] REGIONS = {"north", "south", "east"};

  private SyntheticData() {}

  /**
   * Customer tier from income (tens of thousands), visits per month, a noise column, a region
   * that agrees with the tier 60% of the time, and a constant column. ~10% of incomes missing.
   */
  public static Dataset customerTiers(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(3);
      double income = 30_000 + 25_000 * k + r.nextGaussian() * 8_000;
      double visits = 2 + 3 * k + r.nextGaussian() * 1.5;
      double noise = r.nextGaussian();
      String region = r.nextDouble() < 0.6 ? REGIONS[k] : REGIONS[r.nextInt(3)];
      rows.add(new String[] {
          r.nextDouble() < 0.1 ? null : fmt(income), fmt(visits), fmt(noise), region, "EUR",
          CLASSES[k]});
    }
    return new Dataset(List.of("income", "visits", "noise", "region", "currency", "tier"), rows);
  }

  /** House price = 3000 * area - 5000 * age + region premium + noise; ~5% of ages missing. */
  public static Dataset housePrices(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double area = 50 + r.nextDouble() * 150;
      double age = r.nextDouble() * 60;
      int region = r.nextInt(3);
      double price = 3_000 * area - 5_000 * age + 40_000 * region + r.nextGaussian() * 25_000;
      rows.add(new String[] {
          fmt(area), r.nextDouble() < 0.05 ? null : fmt(age), REGIONS[region], fmt(price)});
    }
    return new Dataset(List.of("area", "age", "region", "price"), rows);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
