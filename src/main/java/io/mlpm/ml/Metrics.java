package io.mlpm.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The charter's metrics, computed here rather than by Tribuo so that their exact definitions
 * (key names, macro averaging, AUC positive class) are ours and documented.
 */
public final class Metrics {

  private static final double EPS = 1e-15;

  private Metrics() {}

  /**
   * Keys in order: accuracy, macro_f1, weighted_f1, macro_precision, macro_recall, roc_auc,
   * log_loss. The last two are left out when {@code probabilities} is null, and roc_auc also
   * when it is undefined (the test labels hold a single class).
   */
  public static Map<String, Double> classification(
      List<String> actual, List<String> predicted, List<Map<String, Double>> probabilities) {
    int n = actual.size();
    if (n == 0 || predicted.size() != n || (probabilities != null && probabilities.size() != n)) {
      throw new IllegalArgumentException("Need equally many, and at least one, actual and "
          + "predicted labels (and probabilities): " + n + " / " + predicted.size());
    }
    ClassificationTally tally = new ClassificationTally();
    for (int i = 0; i < n; i++) {
      tally.add(actual.get(i), predicted.get(i), probabilities == null ? null : probabilities.get(i));
    }
    return tally.metrics(probabilities == null ? null
        : rocAuc(actual, probabilities, new ArrayList<>(new TreeSet<>(union(actual, predicted)))));
  }

  /**
   * The classification metrics counted row by row, in memory that grows with the classes, not the
   * rows: for a test split streamed in batches. ROC AUC needs the scores together and is passed in
   * (computed on all rows, or on a recorded sample of them).
   */
  public static final class ClassificationTally {
    /** Per class: true positives, false positives, false negatives; sorted for a fixed sum order. */
    private final Map<String, long[]> classes = new java.util.TreeMap<>();
    private long n;
    private long correct;
    private double logLossSum;
    private boolean everyRowHasProbabilities = true;

    public void add(String actual, String predicted, Map<String, Double> probabilities) {
      n++;
      if (actual.equals(predicted)) {
        correct++;
        classes.computeIfAbsent(actual, c -> new long[3])[0]++;
      } else {
        classes.computeIfAbsent(predicted, c -> new long[3])[1]++;
        classes.computeIfAbsent(actual, c -> new long[3])[2]++;
      }
      if (probabilities == null) {
        everyRowHasProbabilities = false;
      } else {
        double p = probabilities.getOrDefault(actual, 0.0);
        logLossSum -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
      }
    }

    public long rows() {
      return n;
    }

    /**
     * Keys in order: accuracy, macro_f1, weighted_f1, macro_precision, macro_recall, roc_auc (when
     * given), log_loss (when every row had probabilities).
     */
    public Map<String, Double> metrics(Double rocAuc) {
      if (n == 0) {
        throw new IllegalArgumentException("Need at least one actual and predicted label.");
      }
      double macroP = 0;
      double macroR = 0;
      double macroF1 = 0;
      double weightedF1 = 0;
      for (long[] c : classes.values()) {
        long tp = c[0];
        long fp = c[1];
        long fn = c[2];
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        macroP += precision;
        macroR += recall;
        macroF1 += f1;
        weightedF1 += f1 * (tp + fn); // support = occurrences in actual
      }
      int k = classes.size();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("accuracy", (double) correct / n);
      m.put("macro_f1", macroF1 / k);
      m.put("weighted_f1", weightedF1 / n);
      m.put("macro_precision", macroP / k);
      m.put("macro_recall", macroR / k);
      if (rocAuc != null) {
        m.put("roc_auc", rocAuc);
      }
      if (everyRowHasProbabilities) {
        m.put("log_loss", logLossSum / n);
      }
      return m;
    }
  }

  /** Keys in order: rmse, mae, r2. */
  public static Map<String, Double> regression(double[] actual, double[] predicted) {
    int n = actual.length;
    if (n == 0 || predicted.length != n) {
      throw new IllegalArgumentException("Need equally many, and at least one, actual and "
          + "predicted values: " + n + " / " + predicted.length);
    }
    RegressionTally tally = new RegressionTally();
    for (int i = 0; i < n; i++) {
      tally.add(actual[i], predicted[i]);
    }
    return tally.metrics();
  }

  /** The regression metrics accumulated row by row (the actual values' spread by Welford's method). */
  public static final class RegressionTally {
    private long n;
    private double squared;
    private double absolute;
    private double mean;
    private double spread;

    public void add(double actual, double predicted) {
      double e = actual - predicted;
      squared += e * e;
      absolute += Math.abs(e);
      n++;
      double delta = actual - mean;
      mean += delta / n;
      spread += delta * (actual - mean);
    }

    public long rows() {
      return n;
    }

    /** Keys in order: rmse, mae, r2. */
    public Map<String, Double> metrics() {
      if (n == 0) {
        throw new IllegalArgumentException("Need at least one actual and predicted value.");
      }
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("rmse", Math.sqrt(squared / n));
      m.put("mae", absolute / n);
      // A constant actual has no variance to explain: 1 for a perfect fit, else 0 (as scikit-learn).
      m.put("r2", spread == 0 ? (squared == 0 ? 1.0 : 0.0) : 1 - squared / spread);
      return m;
    }
  }

  /**
   * Binary: AUC of the lexicographically second class as positive. More classes: macro average
   * of one-vs-rest AUCs over the classes for which it is defined. Null when none is defined.
   */
  public static Double rocAuc(
      List<String> actual, List<Map<String, Double>> probabilities, List<String> classes) {
    if (classes.size() < 2) {
      return null;
    }
    if (classes.size() == 2) {
      return binaryAuc(actual, probabilities, classes.get(1));
    }
    double sum = 0;
    int defined = 0;
    for (String c : classes) {
      Double auc = binaryAuc(actual, probabilities, c);
      if (auc != null) {
        sum += auc;
        defined++;
      }
    }
    return defined == 0 ? null : sum / defined;
  }

  /**
   * Mann-Whitney U statistic (a tie between a positive and a negative counts a half); null without
   * both kinds. The two kinds' scores are sorted apart as primitives and walked together: the same
   * figure as ranking all rows, without sorting millions of boxed indices.
   */
  public static Double binaryAuc(
      List<String> actual, List<Map<String, Double>> probabilities, String positive) {
    ScoresByKind scores = ScoresByKind.of(actual, probabilities, positive);
    double[] pos = scores.positives;
    double[] neg = scores.negatives;
    if (pos.length == 0 || neg.length == 0) {
      return null;
    }
    double u = 0;
    int below = 0; // negatives scored below the current positive score
    for (int i = 0; i < pos.length; ) {
      double s = pos[i];
      int same = i;
      while (same < pos.length && Double.compare(pos[same], s) == 0) {
        same++;
      }
      while (below < neg.length && Double.compare(neg[below], s) < 0) {
        below++;
      }
      int tied = below;
      while (tied < neg.length && Double.compare(neg[tied], s) == 0) {
        tied++;
      }
      u += (same - i) * (below + 0.5 * (tied - below));
      i = same;
    }
    return u / ((double) pos.length * neg.length);
  }

  /** The scores for one class of the rows that are of it and of those that are not, each sorted ascending. */
  public record ScoresByKind(double[] positives, double[] negatives) {
    public static ScoresByKind of(List<String> actual, List<Map<String, Double>> probabilities, String positive) {
      int n = actual.size();
      int count = 0;
      for (String a : actual) {
        if (a.equals(positive)) {
          count++;
        }
      }
      double[] pos = new double[count];
      double[] neg = new double[n - count];
      int p = 0;
      int q = 0;
      for (int i = 0; i < n; i++) {
        double score = probabilities.get(i).getOrDefault(positive, 0.0);
        if (actual.get(i).equals(positive)) {
          pos[p++] = score;
        } else {
          neg[q++] = score;
        }
      }
      java.util.Arrays.sort(pos);
      java.util.Arrays.sort(neg);
      return new ScoresByKind(pos, neg);
    }
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
