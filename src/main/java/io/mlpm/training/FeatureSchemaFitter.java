package io.mlpm.training;

import io.mlpm.charter.TaskType;
import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
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
    List<FeatureColumn> columns = new ArrayList<>();
    List<SkippedColumn> skipped = new ArrayList<>();
    for (int c = 0; c < train.columns().size(); c++) {
      if (c == target) {
        continue;
      }
      String name = train.columns().get(c);
      if (isNumeric(rows, c)) {
        fitNumeric(name, rows, c, columns, skipped);
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

  private static void fitNumeric(String name, List<String[]> rows, int c,
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
      columns.add(FeatureColumn.numeric(name, mean, std));
    } else {
      // Standardizing a constant column divides by 0, and it carries no information anyway.
      skipped.add(new SkippedColumn(name, "constant in the training data"));
    }
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
