package io.mlpm.data.profile;

import io.mlpm.data.profile.ColumnProfile.HistogramBin;
import io.mlpm.data.profile.ColumnProfile.ValueCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The running statistics of one column, in memory bounded independently of the row count:
 * exact value counts up to {@link #EXACT_DISTINCT_LIMIT} distinct values (then an HLL sketch for
 * the distinct count and a frequent-items sketch for top values), mean and variance (a block at a
 * time: two passes over the block, merged by Chan et al.'s pairwise formula), and
 * a KLL sketch for quantiles, histogram and outliers.
 */
final class ColumnAccumulator {

  static final int EXACT_DISTINCT_LIMIT = 10_000;
  static final int TOP_VALUES = 10;
  static final int HISTOGRAM_BINS = 20;
  /** KLL accuracy parameter: about 1.3% normalized rank error (exact below 200 values). */
  static final int KLL_K = 200;
  /**
   * The KLL sketch gets every one of the first {@code KLL_ALL_VALUES} numbers; after them, a
   * seeded Bernoulli sample of 1 in {@link #KLL_SAMPLE_EVERY} goes to a second sketch whose items
   * weigh {@link #KLL_SAMPLE_EVERY} each when the two are combined for quantiles, histogram and
   * outliers. The sampling adds a rank error of about 0.06% (sd) on 10M values, well within
   * KLL's own; below {@code KLL_ALL_VALUES} numbers nothing changes.
   */
  static final long KLL_ALL_VALUES = 1 << 19;
  static final int KLL_SAMPLE_EVERY = 16;
  private static final long KLL_SAMPLE_SEED = 0x5EED_C011L;
  /** log(1 - 1/KLL_SAMPLE_EVERY), the geometric gap's denominator. */
  private static final double LOG_KEEP = Math.log1p(-1.0 / KLL_SAMPLE_EVERY);
  /** HLL with 2^14 registers: about 0.8% relative standard error. */
  static final int HLL_LG_K = 14;
  /** Frequent-items map: values more frequent than ~ 3.5/1024 of the column are always kept. */
  static final int ITEMS_MAP_SIZE = 1024;

  private static final Pattern ID_NAME =
      Pattern.compile("(?i:id|uuid|guid|key)|(?i:.*[_\\- .](id|uuid|guid|key))|.*[a-z](Id|ID|Uuid|UUID)");
  private static final String[] QUANTILE_KEYS = {"p01", "p05", "p25", "p50", "p75", "p95", "p99"};
  private static final double[] QUANTILE_RANKS = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  final String name;
  long missing;
  long present;

  // What the values look like: each flag falls once a value disagrees and is then not checked.
  boolean allNumeric = true;
  boolean allIntegral = true;
  boolean allBoolean = true;
  boolean allDate = true;
  long totalLength;
  long withSpace;

  // Numbers (while every value is one).
  private long n;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private final KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(KLL_K);
  private final double[] pending = new double[256];
  private int pendingSize;
  /** Numbers not yet in the moments: a block's mean and squares cost one division, not one each. */
  private final double[] block = new double[256];
  private int blockSize;
  private final double[] parsed = new double[1];
  /** The sampled numbers after the first {@link #KLL_ALL_VALUES}; null before. */
  private KllDoublesSketch sampled;
  private java.util.SplittableRandom sampler;
  private long skip;

  // Value counts: exact table, then sketches.
  private ExactCounts exact = new ExactCounts();
  private HllSketch hll;
  private ItemsSketch<String> items;

  ColumnAccumulator(String name) {
    this.name = name;
  }

  /** One cell; {@code hash} is {@link CellKinds#hash} of it, 0 when the cell is missing. */
  void accept(String cell, long hash) {
    if (cell == null) {
      missing++;
    } else {
      char[] chars = cell.toCharArray();
      accept(chars, 0, chars.length, hash);
    }
  }

  /**
   * One normalized cell, {@code text[from, to)}, missing when empty; {@code hash} is
   * {@link CellKinds#hash} of it. A String is made only for a value kept (a new exact value, the
   * frequent-items sketch).
   */
  void accept(char[] text, int from, int to, long hash) {
    if (from == to) {
      missing++;
      return;
    }
    present++;
    boolean number = false;
    if (allNumeric) {
      int kind = CellKinds.parse(text, from, to, parsed);
      if (kind != CellKinds.NOT_A_NUMBER) {
        number = true;
        allBoolean = false;
        allDate = false;
        if (kind == CellKinds.DECIMAL) {
          allIntegral = false;
        }
        number(parsed[0]);
      } else {
        allNumeric = false;
        allIntegral = false;
      }
    }
    if (!allNumeric) {
      if (allBoolean && !CellKinds.booleanWord(text, from, to)) {
        allBoolean = false;
      }
      if (allDate && !CellKinds.date(text, from, to)) {
        allDate = false;
      }
    }
    totalLength += to - from;
    if (!number) { // a number (normalized, parsed) has no space in it
      for (int i = from; i < to; i++) {
        if (text[i] == ' ') {
          withSpace++;
          break;
        }
      }
    }
    if (exact != null && !exact.add(hash, text, from, to)) {
      overflow();
    }
    if (exact == null) {
      hll.update(hash);
      if (!allNumeric) {
        if (items == null) {
          // Numbers so far, text from here: top values are counted from this row on.
          items = new ItemsSketch<>(ITEMS_MAP_SIZE);
        }
        items.update(new String(text, from, to - from));
      }
    }
  }

  private void number(double d) {
    n++;
    block[blockSize++] = d;
    if (blockSize == block.length) {
      flushBlock();
    }
    if (sampled == null) {
      pending[pendingSize++] = d;
      if (pendingSize == pending.length) {
        flushPending();
      }
      if (n == KLL_ALL_VALUES) {
        flushPending();
        sampled = KllDoublesSketch.newHeapInstance(KLL_K);
        sampler = new java.util.SplittableRandom(KLL_SAMPLE_SEED);
        skip = gap();
      }
    } else if (--skip == 0) {
      pending[pendingSize++] = d;
      if (pendingSize == pending.length) {
        flushPending();
      }
      skip = gap();
    }
  }

  /**
   * Folds the block into mean, squares, min and max: the block's own mean and squared deviations
   * (two passes, stable), merged with Chan et al.'s pairwise formula, as exact as Welford's.
   */
  private void flushBlock() {
    int b = blockSize;
    if (b == 0) {
      return;
    }
    double[] x = block;
    // Summed as differences from the block's first value: a column of one value stays exact
    // (mean that value, deviation 0), and large values do not overflow the sum.
    double first = x[0];
    double sum = 0;
    double lo = min;
    double hi = max;
    for (int i = 0; i < b; i++) {
      double v = x[i];
      sum += v - first;
      lo = v < lo ? v : lo; // as before: of equal values (0.0 and -0.0) the first stays
      hi = v > hi ? v : hi;
    }
    double blockMean = first + sum / b;
    double squares = 0;
    for (int i = 0; i < b; i++) {
      double dev = x[i] - blockMean;
      squares += dev * dev;
    }
    long before = n - b;
    double delta = blockMean - mean;
    mean += delta * b / n;
    m2 += squares + delta * delta * ((double) before * b / n);
    min = lo;
    max = hi;
    blockSize = 0;
  }

  /** Numbers up to and including the next sampled one: geometric, mean KLL_SAMPLE_EVERY. */
  private long gap() {
    double u = sampler.nextDouble();
    return 1 + (long) (Math.log1p(-u) / LOG_KEEP);
  }

  private void flushPending() {
    if (pendingSize > 0) {
      (sampled == null ? kll : sampled).update(pending, 0, pendingSize);
      pendingSize = 0;
    }
  }

  // Quantile queries: the KLL sketch alone, or combined with the sampled one.
  private double[] viewItems;
  private long[] viewCumulative;

  private void combineSketches() {
    if (sampled == null || sampled.isEmpty()) {
      return;
    }
    var a = kll.getSortedView();
    var b = sampled.getSortedView();
    double[] qa = a.getQuantiles();
    long[] ca = a.getCumulativeWeights();
    double[] qb = b.getQuantiles();
    long[] cb = b.getCumulativeWeights();
    viewItems = new double[qa.length + qb.length];
    viewCumulative = new long[viewItems.length];
    long cumulative = 0;
    for (int i = 0, j = 0, o = 0; o < viewItems.length; o++) {
      boolean fromA = j == qb.length || (i < qa.length && qa[i] <= qb[j]);
      if (fromA) {
        cumulative += ca[i] - (i == 0 ? 0 : ca[i - 1]);
        viewItems[o] = qa[i++];
      } else {
        cumulative += (cb[j] - (j == 0 ? 0 : cb[j - 1])) * KLL_SAMPLE_EVERY;
        viewItems[o] = qb[j++];
      }
      viewCumulative[o] = cumulative;
    }
  }

  private double quantile(double rank) {
    if (viewItems == null) {
      return kll.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
    }
    long total = viewCumulative[viewCumulative.length - 1];
    long natural = (long) Math.ceil(rank * total);
    for (int i = 0; i < viewItems.length; i++) { // the view is small (a few thousand items)
      if (viewCumulative[i] >= natural) {
        return viewItems[i];
      }
    }
    return viewItems[viewItems.length - 1];
  }

  private double rank(double x, QuantileSearchCriteria criteria) {
    if (viewItems == null) {
      return kll.getRank(x, criteria);
    }
    long below = 0;
    for (int i = 0; i < viewItems.length; i++) {
      boolean counted = criteria == QuantileSearchCriteria.INCLUSIVE
          ? viewItems[i] <= x : viewItems[i] < x;
      if (!counted) {
        break;
      }
      below = viewCumulative[i];
    }
    return (double) below / viewCumulative[viewCumulative.length - 1];
  }

  /** More distinct values than the exact bound: move the counts into the sketches. */
  private void overflow() {
    hll = new HllSketch(HLL_LG_K, TgtHllType.HLL_8);
    if (!allNumeric) {
      items = new ItemsSketch<>(ITEMS_MAP_SIZE);
    }
    ExactCounts counts = exact;
    exact = null;
    for (int i = 0; i < counts.keys.length; i++) {
      if (counts.keys[i] != 0) {
        hll.update(counts.keys[i]);
        if (items != null) {
          items.update(counts.values[i], counts.counts[i]);
        }
      }
    }
  }

  long distinct() {
    return exact != null ? exact.size : Math.round(hll.getEstimate());
  }

  boolean distinctExact() {
    return exact != null;
  }

  long count() {
    return present + missing;
  }

  /** The inferred type; the profile of the target column is inferred like any other. */
  ColumnType type() {
    return type(0);
  }

  /**
   * @param duplicateRows rows of the file that repeat an earlier row: their values repeat too, so an
   *     id column of a file with duplicated rows is unique among the distinct rows, not all rows
   */
  ColumnType type(long duplicateRows) {
    long distinct = distinct();
    if (present == 0) {
      return ColumnType.CATEGORICAL;
    }
    long distinctRows = Math.max(1, present - Math.max(0, duplicateRows));
    boolean unique = distinctExact() ? distinct >= distinctRows : distinct >= 0.99 * distinctRows;
    boolean nearlyUnique = present >= 20 && distinct >= 0.95 * distinctRows;
    boolean idName = ID_NAME.matcher(name).matches();
    if (allBoolean) {
      return ColumnType.BOOLEAN;
    }
    if (allNumeric) {
      if (allIntegral && (nearlyUnique || (idName && unique && present > 1))) {
        return ColumnType.ID_LIKE;
      }
      return allIntegral ? ColumnType.INTEGER : ColumnType.NUMERIC;
    }
    if (allDate) {
      return ColumnType.DATE;
    }
    double avgLength = (double) totalLength / present;
    boolean wordy = withSpace >= 0.5 * present;
    if (wordy && (avgLength >= 20 || distinct >= 0.5 * present) || avgLength >= 50) {
      return ColumnType.TEXT;
    }
    if (nearlyUnique || (idName && unique && present > 1)) {
      return ColumnType.ID_LIKE;
    }
    return ColumnType.CATEGORICAL;
  }

  ColumnProfile profile() {
    return profile(0);
  }

  /** @param duplicateRows see {@link #type(long)} */
  ColumnProfile profile(long duplicateRows) {
    flushPending();
    flushBlock();
    combineSketches();
    ColumnType type = type(duplicateRows);
    long count = count();
    double missingRatio = count == 0 ? 0 : (double) missing / count;
    boolean numeric = allNumeric && n > 0;
    Double min = null;
    Double max = null;
    Double mean = null;
    Double stdDev = null;
    Map<String, Double> quantiles = Map.of();
    List<HistogramBin> histogram = List.of();
    long outliers = 0;
    if (numeric) {
      min = this.min;
      max = this.max;
      mean = this.mean;
      stdDev = n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0;
      quantiles = new LinkedHashMap<>();
      for (int i = 0; i < QUANTILE_KEYS.length; i++) {
        quantiles.put(QUANTILE_KEYS[i], quantile(QUANTILE_RANKS[i]));
      }
      histogram = histogram();
      outliers = outliers(quantiles.get("p25"), quantiles.get("p75"));
    }
    List<ValueCount> top = numeric ? List.of() : topValues();
    return new ColumnProfile(name, type, count, missing, missingRatio, distinct(), distinctExact(),
        min, max, mean, stdDev, quantiles, histogram, top, outliers,
        n == 0 ? 0 : (double) outliers / n);
  }

  /** Equal-width bins between min and max, counted from the sketch's CDF; counts sum to n. */
  private List<HistogramBin> histogram() {
    if (min == max) {
      return List.of(new HistogramBin(min, max, n));
    }
    double width = (max - min) / HISTOGRAM_BINS;
    double[] edges = new double[HISTOGRAM_BINS - 1];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = min + width * (i + 1);
      if (i > 0 && !(edges[i] > edges[i - 1])) {
        return List.of(new HistogramBin(min, max, n)); // too narrow a range for 20 bins
      }
    }
    double[] cdf = new double[edges.length];
    if (viewItems == null) {
      cdf = kll.getCDF(edges, QuantileSearchCriteria.INCLUSIVE);
    } else {
      for (int i = 0; i < edges.length; i++) {
        cdf[i] = rank(edges[i], QuantileSearchCriteria.INCLUSIVE);
      }
    }
    List<HistogramBin> bins = new ArrayList<>(HISTOGRAM_BINS);
    long previous = 0;
    for (int i = 0; i < HISTOGRAM_BINS; i++) {
      long cumulative = i < edges.length ? Math.min(n, Math.round(cdf[i] * n)) : n;
      cumulative = Math.max(cumulative, previous);
      double lower = i == 0 ? min : edges[i - 1];
      double upper = i < edges.length ? edges[i] : max;
      bins.add(new HistogramBin(lower, upper, cumulative - previous));
      previous = cumulative;
    }
    return bins;
  }

  /** Values outside [p25 - 3 IQR, p75 + 3 IQR], from the sketch's ranks; none when IQR is 0. */
  private long outliers(double p25, double p75) {
    double iqr = p75 - p25;
    if (!(iqr > 0)) {
      return 0;
    }
    double low = p25 - 3 * iqr;
    double high = p75 + 3 * iqr;
    long below = min < low ? Math.round(rank(low, QuantileSearchCriteria.EXCLUSIVE) * n) : 0;
    long above =
        max > high ? Math.round((1 - rank(high, QuantileSearchCriteria.INCLUSIVE)) * n) : 0;
    return below + above;
  }

  private List<ValueCount> topValues() {
    List<ValueCount> top = new ArrayList<>();
    Comparator<ValueCount> order =
        Comparator.comparingLong(ValueCount::count).reversed().thenComparing(ValueCount::value);
    if (exact != null) {
      for (int i = 0; i < exact.keys.length; i++) {
        if (exact.keys[i] != 0) {
          top.add(new ValueCount(exact.values[i], exact.counts[i]));
        }
      }
    } else if (items != null) {
      for (ItemsSketch.Row<String> row : items.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
        top.add(new ValueCount(row.getItem(), row.getEstimate()));
      }
    }
    top.sort(order);
    return List.copyOf(top.subList(0, Math.min(TOP_VALUES, top.size())));
  }

  /** Open addressing on the 64-bit value hash (collisions among 10,000 values: ~1e-11). */
  static final class ExactCounts {
    long[] keys = new long[64];
    long[] counts = new long[64];
    String[] values = new String[64];
    int size;

    /** Counts the value; false when it would exceed the exact bound (then nothing changed). */
    boolean add(long hash, char[] text, int from, int to) {
      int mask = keys.length - 1;
      int i = (int) hash & mask;
      while (true) {
        long k = keys[i];
        if (k == hash) {
          counts[i]++;
          return true;
        }
        if (k == 0) {
          break;
        }
        i = (i + 1) & mask;
      }
      if (size == EXACT_DISTINCT_LIMIT) {
        return false;
      }
      keys[i] = hash;
      counts[i] = 1;
      values[i] = new String(text, from, to - from);
      if (++size * 2 > keys.length) {
        grow();
      }
      return true;
    }

    private void grow() {
      long[] oldKeys = keys;
      long[] oldCounts = counts;
      String[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      counts = new long[keys.length];
      values = new String[keys.length];
      int mask = keys.length - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != 0) {
          int i = (int) oldKeys[j] & mask;
          while (keys[i] != 0) {
            i = (i + 1) & mask;
          }
          keys[i] = oldKeys[j];
          counts[i] = oldCounts[j];
          values[i] = oldValues[j];
        }
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s(%d present, %d missing)", name, present, missing);
  }
}
