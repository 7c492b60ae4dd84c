package io.mlpm.monitoring;

import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link DriftBaseline} from training rows. */
public final class DriftBaselines {

  /** Categorical columns keep their most frequent values as buckets; the rest share one. */
  public static final int TOP_CATEGORIES = 20;

  private DriftBaselines() {}

  /**
   * One {@link FeatureBaseline} per feature column, in the given order. A column is numeric when
   * every non-missing training cell is a number (as training decides), categorical otherwise.
   *
   * @throws IllegalArgumentException when there are no training rows or a column is unknown
   */
  public static DriftBaseline fromTraining(Dataset train, List<String> featureColumns) {
    if (train.size() == 0) {
      throw new IllegalArgumentException("A drift baseline needs training rows; the training split is empty.");
    }
    List<FeatureBaseline> features = new ArrayList<>();
    for (String name : featureColumns) {
      int c = train.columnIndex(name);
      if (c < 0) {
        throw new IllegalArgumentException("Feature column '" + name + "' is not a column of the training data "
            + train.columns() + ".");
      }
      features.add(isNumeric(train.rows(), c) ? numeric(name, train.rows(), c) : categorical(name, train.rows(), c));
    }
    return new DriftBaseline(DriftBaseline.CURRENT_VERSION, train.size(), features);
  }

  private static boolean isNumeric(List<String[]> rows, int c) {
    boolean any = false;
    for (String[] row : rows) {
      String cell = Cells.normalize(row[c]);
      if (cell != null) {
        if (Cells.number(cell) == null) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  static FeatureBaseline numeric(String name, List<String[]> rows, int c) {
    double[] values = rows.stream().map(r -> Cells.number(Cells.normalize(r[c])))
        .filter(v -> v != null).mapToDouble(Double::doubleValue).sorted().toArray();
    List<Double> edges = deciles(values);
    long[] counts = new long[edges.size() + 2];
    FeatureBaseline shape = new FeatureBaseline(name, FeatureBaseline.Kind.NUMERIC, edges, null,
        zeros(counts.length));
    for (String[] row : rows) {
      counts[shape.bucketOfCell(row[c])]++;
    }
    return new FeatureBaseline(name, FeatureBaseline.Kind.NUMERIC, edges, null, boxed(Psi.proportions(counts)));
  }

  /** Distinct nearest-rank 10th to 90th percentiles, ascending. */
  static List<Double> deciles(double[] sorted) {
    List<Double> edges = new ArrayList<>();
    int n = sorted.length;
    if (n == 0) {
      return edges;
    }
    for (int k = 1; k <= 9; k++) {
      int rank = (int) Math.ceil(k * n / 10.0); // 1-based nearest rank
      double q = sorted[Math.max(0, Math.min(n - 1, rank - 1))];
      if (edges.isEmpty() || q > edges.get(edges.size() - 1)) {
        edges.add(q);
      }
    }
    return edges;
  }

  static FeatureBaseline categorical(String name, List<String[]> rows, int c) {
    Map<String, Long> frequency = new HashMap<>();
    for (String[] row : rows) {
      String cell = Cells.normalize(row[c]);
      if (cell != null) {
        frequency.merge(cell, 1L, Long::sum);
      }
    }
    List<String> top = frequency.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP_CATEGORIES).map(Map.Entry::getKey).toList();
    long[] counts = new long[top.size() + 2];
    FeatureBaseline shape = new FeatureBaseline(name, FeatureBaseline.Kind.CATEGORICAL, null, top,
        zeros(counts.length));
    for (String[] row : rows) {
      counts[shape.bucketOfCell(row[c])]++;
    }
    return new FeatureBaseline(name, FeatureBaseline.Kind.CATEGORICAL, null, top, boxed(Psi.proportions(counts)));
  }

  private static List<Double> zeros(int n) {
    return boxed(new double[n]);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
