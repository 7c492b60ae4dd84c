package io.mlpm.data.profile;

import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds features that alone predict the target almost perfectly, on a seeded reservoir sample
 * of rows. Classification: the leave-one-out accuracy of predicting the target as the majority
 * class of the row's feature value (numbers: of its quantile bin), against the majority-class
 * baseline; leave-one-out keeps high-cardinality features from "memorising" the sample.
 * Regression: |Pearson r| of numeric features with the target. ID-like and constant columns and
 * the target itself are skipped.
 */
final class LeakageDetector {

  static final double ACCURACY_THRESHOLD = 0.98;
  static final double CORRELATION_THRESHOLD = 0.98;
  /** The feature must remove at least this share of the baseline's errors. */
  static final double MIN_ERROR_REDUCTION = 0.5;
  static final int NUMERIC_BINS = 20;
  static final int MIN_ROWS = 30;

  private LeakageDetector() {}

  static List<LeakageSuspect> find(
      List<String[]> sample, List<ColumnProfile> columns, int target, TaskType task) {
    List<LeakageSuspect> suspects = new ArrayList<>();
    if (target < 0) {
      return suspects;
    }
    List<String[]> rows = new ArrayList<>();
    for (String[] row : sample) {
      if (row[target] != null) {
        rows.add(row);
      }
    }
    if (rows.size() < MIN_ROWS) {
      return suspects;
    }
    if (task == TaskType.CLASSIFICATION) {
      classification(rows, columns, target, suspects);
    } else {
      regression(rows, columns, target, suspects);
    }
    return suspects;
  }

  private static boolean skip(ColumnProfile column, int index, int target) {
    return index == target
        || column.type() == ColumnType.ID_LIKE
        || (column.distinctExact() && column.distinct() <= 1);
  }

  private static boolean numeric(ColumnProfile column) {
    return column.mean() != null;
  }

  private static void classification(
      List<String[]> rows, List<ColumnProfile> columns, int target, List<LeakageSuspect> out) {
    int m = rows.size();
    Map<String, Integer> classIds = new HashMap<>();
    int[] y = new int[m];
    for (int r = 0; r < m; r++) {
      y[r] = classIds.computeIfAbsent(rows.get(r)[target], k -> classIds.size());
    }
    int classes = classIds.size();
    if (classes < 2) {
      return;
    }
    int[] overall = new int[classes];
    for (int v : y) {
      overall[v]++;
    }
    int majority = argmax(overall);
    double baseline = (double) overall[majority] / m;
    for (int f = 0; f < columns.size(); f++) {
      ColumnProfile column = columns.get(f);
      if (skip(column, f, target)) {
        continue;
      }
      int[] group = numeric(column) ? numericGroups(rows, f) : valueGroups(rows, f);
      int groups = 0;
      for (int g : group) {
        groups = Math.max(groups, g + 1);
      }
      int[][] counts = new int[groups][classes];
      for (int r = 0; r < m; r++) {
        counts[group[r]][y[r]]++;
      }
      double correct = 0;
      for (int[] c : counts) {
        int total = Arrays.stream(c).sum();
        for (int k = 0; k < classes; k++) {
          if (c[k] > 0) {
            correct += c[k] * leaveOneOutCredit(c, k, total, majority);
          }
        }
      }
      double accuracy = correct / m;
      if (accuracy >= ACCURACY_THRESHOLD
          && accuracy - baseline >= MIN_ERROR_REDUCTION * (1 - baseline)) {
        out.add(new LeakageSuspect(column.name(), round(accuracy), String.format(Locale.ROOT,
            "single-feature accuracy (leave-one-out on %d sampled rows; majority baseline %.3f)",
            m, baseline)));
      }
    }
  }

  /** The chance that a row of class k is predicted right from its group without itself. */
  private static double leaveOneOutCredit(int[] c, int k, int total, int majority) {
    if (total == 1) {
      return k == majority ? 1 : 0; // nothing else in the group: predict the overall majority
    }
    int own = c[k] - 1;
    int best = 0;
    int ties = 1;
    for (int j = 0; j < c.length; j++) {
      if (j != k) {
        if (c[j] > best) {
          best = c[j];
          ties = 1;
        } else if (c[j] == best && best > 0) {
          ties++;
        }
      }
    }
    if (own > best) {
      return 1;
    }
    return own == best ? 1.0 / (ties + 1) : 0;
  }

  /** Group per distinct value; missing is a value of its own. */
  private static int[] valueGroups(List<String[]> rows, int f) {
    Map<String, Integer> ids = new HashMap<>();
    int[] group = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String v = rows.get(r)[f];
      group[r] = ids.computeIfAbsent(v == null ? "\u0000missing" : v, k -> ids.size());
    }
    return group;
  }

  /** Up to 20 quantile bins of the sampled values; equal values share a bin; missing: its own. */
  private static int[] numericGroups(List<String[]> rows, int f) {
    int m = rows.size();
    double[] values = new double[m];
    int present = 0;
    for (String[] row : rows) {
      double d = row[f] == null ? Double.NaN : CellKinds.number(row[f]);
      if (d == d) {
        values[present++] = d;
      }
    }
    double[] sorted = Arrays.copyOf(values, present);
    Arrays.sort(sorted);
    double[] cuts = new double[NUMERIC_BINS - 1];
    for (int i = 0; i < cuts.length && present > 0; i++) {
      cuts[i] = sorted[(int) ((long) present * (i + 1) / NUMERIC_BINS)];
    }
    int[] group = new int[m];
    for (int r = 0; r < m; r++) {
      String cell = rows.get(r)[f];
      double d = cell == null ? Double.NaN : CellKinds.number(cell);
      if (d != d || present == 0) {
        group[r] = NUMERIC_BINS;
      } else {
        int bin = 0;
        while (bin < cuts.length && d >= cuts[bin]) {
          bin++;
        }
        group[r] = bin;
      }
    }
    return group;
  }

  private static void regression(
      List<String[]> rows, List<ColumnProfile> columns, int target, List<LeakageSuspect> out) {
    for (int f = 0; f < columns.size(); f++) {
      ColumnProfile column = columns.get(f);
      if (skip(column, f, target) || !numeric(column)) {
        continue;
      }
      long n = 0;
      double mx = 0;
      double my = 0;
      double sxx = 0;
      double syy = 0;
      double sxy = 0;
      for (String[] row : rows) {
        if (row[f] == null) {
          continue;
        }
        double x = CellKinds.number(row[f]);
        double t = CellKinds.number(row[target]);
        if (x != x || t != t) {
          continue;
        }
        n++;
        double dx = x - mx;
        double dy = t - my;
        mx += dx / n;
        my += dy / n;
        sxx += dx * (x - mx);
        syy += dy * (t - my);
        sxy += dx * (t - my);
      }
      if (n < MIN_ROWS || sxx <= 0 || syy <= 0) {
        continue;
      }
      double r = sxy / Math.sqrt(sxx * syy);
      if (Math.abs(r) >= CORRELATION_THRESHOLD) {
        out.add(new LeakageSuspect(column.name(), round(Math.abs(r)), String.format(Locale.ROOT,
            "|Pearson r| with the target (on %d sampled rows)", n)));
      }
    }
  }

  private static int argmax(int[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
