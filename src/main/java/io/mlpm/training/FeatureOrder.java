package io.mlpm.training;

import java.util.Arrays;
import java.util.Comparator;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * A schema's feature names in the order Tribuo keeps an example's features (by name), and where
 * each comes from in {@link FeatureSchema#encode}'s values. Tribuo sorts the features of every
 * example it is given; given in its order already, that sort is one pass instead of a sort per row
 * (it was a quarter of the time of scoring a test split).
 *
 * <p>A row's zeros (most of a one-hot encoding) are left out of its example unless the model reads
 * an absent feature as missing: Tribuo's linear and tree models read it as 0 (training fills the
 * zeros back in, prediction looks them up as 0), so the figures are the same with fewer features to
 * look up per row. XGBoost reads it as missing and gets every value, in training as in prediction.
 */
final class FeatureOrder {
  private final String[] names;
  private final int[] from;

  private FeatureOrder(String[] names, int[] from) {
    this.names = names;
    this.from = from;
  }

  static FeatureOrder of(String[] schemaNames) {
    Integer[] order = new Integer[schemaNames.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // String's natural order, as Tribuo's ArrayExample sorts.
    Arrays.sort(order, Comparator.comparing(i -> schemaNames[i]));
    String[] names = new String[order.length];
    int[] from = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      names[i] = schemaNames[order[i]];
      from[i] = order[i];
    }
    return new FeatureOrder(names, from);
  }

  /** The feature names, sorted. Not to be modified. */
  String[] names() {
    return names;
  }

  /**
   * A Tribuo example of one row.
   *
   * @param values as {@link FeatureSchema#encode} gives them
   * @param zerosGiven whether the model reads an absent feature as missing (then every value is given)
   */
  <T extends Output<T>> ArrayExample<T> example(T output, double[] values, boolean zerosGiven) {
    int nonZero = 0;
    for (double v : values) {
      if (v != 0) {
        nonZero++;
      }
    }
    if (zerosGiven || nonZero == values.length) {
      double[] sorted = new double[from.length];
      for (int i = 0; i < from.length; i++) {
        sorted[i] = values[from[i]];
      }
      return new ArrayExample<>(output, names, sorted);
    }
    // Tribuo refuses an example without features: an all-zero row keeps its first, as a 0.
    int kept = Math.max(1, nonZero);
    String[] keptNames = new String[kept];
    double[] keptValues = new double[kept];
    int at = 0;
    for (int i = 0; i < from.length && at < kept; i++) {
      double v = values[from[i]];
      if (v != 0 || nonZero == 0) {
        keptNames[at] = names[i];
        keptValues[at++] = v;
      }
    }
    return new ArrayExample<>(output, keptNames, keptValues);
  }
}
