package io.mlpm.training;

import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Learns a {@link FeatureSchema} from training rows only, so no test data leaks into it. */
final class FeatureSchemaFitter {

  /** More distinct values than this is an identifier or free text, not a useful category. */
  static final int MAX_CATEGORIES = 100;

  private FeatureSchemaFitter() {}

  static FeatureSchema fit(Dataset train, List<String[]> rows, int target, TaskType type) {
    return fit(train, rows, target, type, 0);
  }

  /**
   * @param numericBins 0 for standardized numeric features (linear models); otherwise numeric
   *     features are binned into at most this many training-quantile bins (tree models: Tribuo's
   *     CART slows down badly with many distinct values, see {@link #cutPoints})
   */
  static FeatureSchema fit(Dataset train, List<String[]> rows, int target, TaskType type,
      int numericBins) {
    List<FeatureColumn> columns = new ArrayList<>();
    List<SkippedColumn> skipped = new ArrayList<>();
    for (int c = 0; c < train.columns().size(); c++) {
      if (c == target) {
        continue;
      }
      String name = train.columns().get(c);
      if (isNumeric(rows, c)) {
        fitNumeric(name, rows, c, numericBins, columns, skipped);
      } else {
        fitCategorical(name, rows, c, columns, skipped);
      }
    }
    Double targetMean = null;
    Double targetStd = null;
    if (type == TaskType.REGRESSION) {
      double[] y = rows.stream().mapToDouble(r -> Cells.number(r[target])).toArray();
      targetMean = mean(y);
      double std = std(y, targetMean);
      targetStd = std > 0 ? std : 1.0;
    }
    return new FeatureSchema(FeatureSchema.CURRENT_VERSION, type, train.columns().get(target),
        columns, skipped, targetMean, targetStd);
  }

  private static boolean isNumeric(List<String[]> rows, int c) {
    boolean any = false;
    for (String[] row : rows) {
      if (row[c] != null) {
        if (Cells.number(row[c]) == null) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static void fitNumeric(String name, List<String[]> rows, int c, int numericBins,
      List<FeatureColumn> columns, List<SkippedColumn> skipped) {
    double sum = 0;
    int n = 0;
    for (String[] row : rows) {
      Double v = Cells.number(row[c]);
      if (v != null) {
        sum += v;
        n++;
      }
    }
    double mean = sum / n;
    // Deviation over all rows with missing cells imputed to the mean: they add 0, count in n.
    double squares = 0;
    for (String[] row : rows) {
      Double v = Cells.number(row[c]);
      if (v != null) {
        squares += (v - mean) * (v - mean);
      }
    }
    double std = Math.sqrt(squares / rows.size());
    if (std > 1e-12) {
      columns.add(numericBins > 0
          ? FeatureColumn.binned(name, mean, std, cutPoints(rows, c, numericBins))
          : FeatureColumn.numeric(name, mean, std));
    } else {
      // Standardizing a constant column divides by 0, and it carries no information anyway.
      skipped.add(new SkippedColumn(name, "constant in the training data"));
    }
  }

  /**
   * Bin boundaries for a numeric column. With at most {@code bins} distinct training values every
   * value gets a bin of its own (boundaries halfway between neighbours), so nothing is lost;
   * otherwise the boundaries are training quantiles (a value equal to a boundary falls below it).
   * Tribuo's CART splits a node by walking every distinct value of every feature, which costs
   * time quadratic in the rows when values are all distinct; a few dozen bins make it linear.
   */
  static List<Double> cutPoints(List<String[]> rows, int c, int bins) {
    double[] values = rows.stream().map(r -> Cells.number(r[c])).filter(v -> v != null)
        .mapToDouble(Double::doubleValue).sorted().toArray();
    List<Double> distinct = new ArrayList<>();
    for (double v : values) {
      if (distinct.isEmpty() || distinct.get(distinct.size() - 1) != v) {
        distinct.add(v);
        if (distinct.size() > bins) {
          break;
        }
      }
    }
    List<Double> cuts = new ArrayList<>();
    if (distinct.size() <= bins) {
      for (int i = 1; i < distinct.size(); i++) {
        cuts.add(distinct.get(i - 1) + (distinct.get(i) - distinct.get(i - 1)) / 2);
      }
      return cuts;
    }
    int n = values.length;
    for (int q = 1; q < bins; q++) {
      double cut = values[(int) ((long) q * (n - 1) / bins)];
      if (cuts.isEmpty() || cuts.get(cuts.size() - 1) < cut) {
        cuts.add(cut);
      }
    }
    return cuts;
  }

  private static void fitCategorical(String name, List<String[]> rows, int c,
      List<FeatureColumn> columns, List<SkippedColumn> skipped) {
    Set<String> values = new TreeSet<>();
    for (String[] row : rows) {
      values.add(row[c] == null ? FeatureSchema.MISSING : row[c]);
    }
    if (values.size() < 2) {
      skipped.add(new SkippedColumn(name, "constant in the training data"));
    } else if (values.size() > MAX_CATEGORIES) {
      skipped.add(new SkippedColumn(name,
          "more than " + MAX_CATEGORIES + " distinct text values (an identifier or free text?)"));
    } else {
      columns.add(FeatureColumn.categorical(name, new ArrayList<>(values)));
    }
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  private static double std(double[] v, double mean) {
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return v.length == 0 ? 0 : Math.sqrt(s / v.length);
  }
}
