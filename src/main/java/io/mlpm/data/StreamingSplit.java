package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares and rebuilds a split in one streaming pass each, in memory that does not grow with the
 * number of rows: rows without a target dropped, excluded columns left out, exact duplicates
 * removed ({@link DistinctRows}), and each row's part decided by its seeded identity
 * ({@link RowIdentity}), so identical rows never straddle two parts and every node computes the
 * same split from the same file.
 *
 * <p>Per stratum (each target class; the whole file for regression) the preparation pass keeps
 * the positions of up to {@link #EXACT_STRATUM_ROWS} rows and places the cuts on them: such a
 * stratum's test share is exact to the row, as {@code round(n * testRatio)} clamped to [1, n-1],
 * and likewise validation within the rest. A larger stratum (or any stratum once
 * {@link #MAX_BUFFERED_POSITIONS} positions are held in all) is cut at the ratios themselves: a
 * binomial share, within {@link #LARGE_STRATUM_TOLERANCE} of the ratio for strata of at least
 * {@link #EXACT_STRATUM_ROWS} rows (4 standard deviations). The rebuild reads the recorded cuts and
 * needs no positions at all.
 */
final class StreamingSplit {

  private static final Logger LOG = LoggerFactory.getLogger(StreamingSplit.class);

  /** Classes kept as their own strata; further classes share one (as the profile counts them). */
  static final int MAX_STRATA = 1000;
  /** Largest stratum whose cuts are placed exactly on its own rows. */
  static final int EXACT_STRATUM_ROWS = 100_000;
  /** Positions held in all strata at once (16 MB). */
  static final int MAX_BUFFERED_POSITIONS = 2_000_000;
  /** A large stratum's share in each part is within this of the ratio (the tested tolerance). */
  static final double LARGE_STRATUM_TOLERANCE = 0.005;
  private static final long PROGRESS_EVERY = 2_000_000;

  private StreamingSplit() {}

  /** What the preparation pass found: where to cut, what it counted, the kept columns, the file read. */
  record Planned(SplitCuts cuts, SplitCounts counts, List<String> columns, DatasetFingerprint fingerprint) {}

  /**
   * What a rebuild read: the kept columns, its counts (of the rows handed out, and the duplicates
   * among them) and the file's fingerprint.
   */
  record Replayed(List<String> columns, SplitCounts counts, DatasetFingerprint fingerprint) {}

  /** Receives the rows of the wanted parts, kept columns only, in file order. */
  interface PartSink {
    void row(Part part, String[] cells);
  }

  /** Receives every row of the wanted parts, and whether it is in the part's seeded sample. */
  interface SampledSink {
    /** The kept columns, before the first row. */
    default void columns(List<String> kept) {}

    void row(Part part, String[] cells, boolean inSample);
  }

  /**
   * The duplicate check's limit that means none: every row is kept, repeated rows included (the
   * steward waived them as real observations); identical rows still share their part.
   */
  static final int KEEP_DUPLICATES = 0;

  /** The preparation pass: counts and cuts, with the SHA-256 of the bytes it read. */
  static Planned plan(CsvDatasetReader reader, Path file, PreparationPlan plan, int distinctRowLimit) {
    Planner planner = new Planner(plan, distinctRowLimit, file.getFileName().toString());
    DatasetFingerprint read = reader.forEachRowHashed(file, planner);
    planner.flush();
    return planner.finish(read);
  }

  /** The rebuild: the rows of the wanted parts by the recorded cuts, with the SHA-256 of the bytes read. */
  static Replayed replay(CsvDatasetReader reader, Path file, PreparationPlan plan, SplitCuts cuts, Set<Part> wanted,
      PartSink sink) {
    return replay(reader, file, plan, cuts, wanted, Map.of(), sink);
  }

  /**
   * As {@link #replay(CsvDatasetReader, Path, PreparationPlan, SplitCuts, Set, PartSink)}, handing
   * out of a part only a seeded sample where {@code shares} gives one: a row is in it when the
   * second half of its identity, read as a fraction, is below the share. The same rate for every
   * class (their balance kept in expectation), independent of the row's part, the same on every
   * node; identical rows are in or out together.
   */
  static Replayed replay(CsvDatasetReader reader, Path file, PreparationPlan plan, SplitCuts cuts, Set<Part> wanted,
      Map<Part, Double> shares, PartSink sink) {
    Replayer replayer = new Replayer(plan, cuts, wanted, shares, false, (part, cells, in) -> sink.row(part, cells),
        file.getFileName().toString());
    DatasetFingerprint read = reader.forEachRowHashed(file, replayer);
    replayer.flush();
    return new Replayed(replayer.keptNames, replayer.counts(), read);
  }

  /**
   * As {@link #replay(CsvDatasetReader, Path, PreparationPlan, SplitCuts, Set, Map, PartSink)}, but
   * hands out every row of the wanted parts, each marked whether it is in the sample: for a step
   * that streams a whole part (the evaluation) and keeps a bounded sample of it for what needs
   * the rows together (charts, permutation importance).
   */
  static Replayed stream(CsvDatasetReader reader, Path file, PreparationPlan plan, SplitCuts cuts, Set<Part> wanted,
      Map<Part, Double> shares, SampledSink sink) {
    Replayer replayer = new Replayer(plan, cuts, wanted, shares, true, sink, file.getFileName().toString());
    DatasetFingerprint read = reader.forEachRowHashed(file, replayer);
    replayer.flush();
    return new Replayed(replayer.keptNames, replayer.counts(), read);
  }

  /** A row's cut for a ratio: positions below it (unsigned) are that share of the 2^64 positions. */
  static long cutAt(double ratio) {
    if (!(ratio > 0)) {
      return 0;
    }
    if (ratio >= 1) {
      return -1L; // the largest unsigned value
    }
    return ((long) (ratio * 0x1p53)) << 11;
  }

  // --- the filter both passes share ------------------------------------------------------------

  /** Drops rows without a target and duplicates, computes the identity of the others. */
  private abstract static class Pass implements CsvDatasetReader.CellRangeSink {
    final PreparationPlan plan;
    final DistinctRows distinct;
    final String fileName;
    final boolean classification;
    int target;
    int[] kept;
    List<String> keptNames;
    RowIdentity identity;
    long rowsRead;
    long dropped;
    long duplicates;
    long unchecked;
    final long[] parts = new long[Part.values().length];
    final Labels labels = new Labels();
    private static final int AHEAD = 32;
    private final long[] pendingHigh = new long[AHEAD];
    private final long[] pendingLow = new long[AHEAD];
    private final int[] pendingLabel = new int[AHEAD];
    private final String[][] pendingCells = new String[AHEAD][];
    private final long[] pendingRow = new long[AHEAD];
    private int pending;
    private final long started = System.nanoTime();
    private long nextProgress = PROGRESS_EVERY;

    /** @param distinctRowLimit {@link #KEEP_DUPLICATES}: no duplicate check, every row kept */
    Pass(PreparationPlan plan, int distinctRowLimit, String fileName) {
      if (plan.excludedColumns().contains(plan.targetColumn())) {
        throw new IllegalArgumentException("The target column '" + plan.targetColumn() + "' cannot be left out.");
      }
      if (!(plan.testRatio() > 0 && plan.testRatio() < 1)) {
        throw new IllegalArgumentException("testRatio must be between 0 and 1, was " + plan.testRatio());
      }
      this.plan = plan;
      this.distinct = distinctRowLimit == KEEP_DUPLICATES ? null : new DistinctRows(distinctRowLimit);
      this.fileName = fileName;
      this.classification = plan.taskType() == TaskType.CLASSIFICATION;
    }

    @Override
    public void header(List<String> columns) {
      target = columns.indexOf(plan.targetColumn());
      if (target < 0) {
        throw new IllegalArgumentException("Target column '" + plan.targetColumn() + "' is not in the dataset.");
      }
      List<Integer> keep = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        if (!plan.excludedColumns().contains(columns.get(i))) {
          keep.add(i);
          names.add(columns.get(i));
        }
      }
      kept = keep.stream().mapToInt(Integer::intValue).toArray();
      keptNames = List.copyOf(names);
      identity = new RowIdentity(kept, plan.seed());
    }

    @Override
    public void row(char[] text, int[] starts, int[] ends, int columns) {
      if (++rowsRead >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        LOG.info("Splitting {}: {} rows so far ({} rows/s)", fileName, rowsRead,
            Math.round(rowsRead / ((System.nanoTime() - started) / 1e9)));
      }
      if (starts[target] == ends[target]) {
        dropped++;
        return;
      }
      identity.of(text, starts, ends);
      int label = classification ? labels.id(text, starts[target], ends[target]) : 0;
      int k = pending;
      pendingHigh[k] = identity.high();
      pendingLow[k] = identity.low();
      pendingLabel[k] = label;
      String[] cells = cells(label, identity.high(), identity.low(), text, starts, ends);
      if (cells == null && !decidesEveryRow()) {
        return; // a rebuild checks only the rows it hands out for duplicates (see Replayer)
      }
      pendingCells[k] = cells;
      pendingRow[k] = rowsRead;
      if (++pending == AHEAD) {
        flush();
      }
    }

    /**
     * Decides the pending rows, in order: the set's slots of all of them are loaded first, so that
     * their cache misses overlap instead of coming one after the other.
     */
    final void flush() {
      if (distinct == null) {
        for (int k = 0; k < pending; k++) {
          accept(pendingLabel[k], pendingHigh[k], pendingLow[k], pendingCells[k]);
          pendingCells[k] = null;
        }
        pending = 0;
        return;
      }
      distinct.touch(pendingHigh, pendingLow, pending);
      for (int k = 0; k < pending; k++) {
        DistinctRows.Seen seen = pendingRow[k] <= frozenAtRow() ? distinct.add(pendingHigh[k], pendingLow[k])
            : distinct.lookup(pendingHigh[k], pendingLow[k]);
        if (seen == DistinctRows.Seen.NEW) {
          added(pendingRow[k]);
        }
        switch (seen) {
          case DUPLICATE -> duplicates++;
          case UNCHECKED -> {
            unchecked++;
            accept(pendingLabel[k], pendingHigh[k], pendingLow[k], pendingCells[k]);
          }
          case NEW -> accept(pendingLabel[k], pendingHigh[k], pendingLow[k], pendingCells[k]);
        }
        pendingCells[k] = null;
      }
      pending = 0;
    }

    /** Whether every row goes through the duplicate check, or only those handed out. */
    abstract boolean decidesEveryRow();

    /** Rows after this one (by {@link #rowsRead}) are only looked up in the duplicate set, not added. */
    abstract long frozenAtRow();

    /** A row was added to the duplicate set. */
    void added(long row) {}

    /** The cells a pass hands out for this row, if any, made while the reader's arrays hold them. */
    abstract String[] cells(int label, long position, long sampling, char[] text, int[] starts, int[] ends);

    /**
     * A row that is not a duplicate.
     *
     * @param label the class's index in {@link #labels}, -1 for a class beyond them, 0 in regression
     */
    abstract void accept(int label, long position, long sampling, String[] cells);

    SplitCounts counts() {
      return new SplitCounts(parts[Part.TRAIN.ordinal()], parts[Part.VALIDATION.ordinal()],
          parts[Part.TEST.ordinal()], duplicates, dropped, unchecked);
    }
  }

  // --- preparation -------------------------------------------------------------------------------

  private static final class Planner extends Pass {
    private final List<StratumBuilder> strata = new ArrayList<>();
    private StratumBuilder other;
    private final long fixedTest;
    private final long fixedValidation;
    private long buffered;
    /** The row whose addition filled the duplicate set, or null while it is not full. */
    private Long frozenAt;

    Planner(PreparationPlan plan, int distinctRowLimit, String fileName) {
      super(plan, distinctRowLimit, fileName);
      fixedTest = cutAt(plan.testRatio());
      fixedValidation = cutAt(plan.testRatio() + (1 - plan.testRatio()) * plan.validationRatio());
    }

    @Override
    String[] cells(int label, long position, long sampling, char[] text, int[] starts, int[] ends) {
      return null;
    }

    @Override
    boolean decidesEveryRow() {
      return true;
    }

    @Override
    long frozenAtRow() {
      return Long.MAX_VALUE; // the set freezes itself at its limit
    }

    @Override
    void added(long row) {
      if (distinct.size() == distinct.limit()) {
        frozenAt = row;
      }
    }

    @Override
    void accept(int label, long position, long sampling, String[] cells) {
      StratumBuilder s;
      if (label < 0) {
        if (other == null) {
          other = new StratumBuilder(null);
        }
        s = other;
      } else {
        while (label >= strata.size()) { // the labels hand out indices in the order classes are met
          strata.add(new StratumBuilder(classification ? labels.name(strata.size()) : null));
        }
        s = strata.get(label);
      }
      s.rows++;
      if (!s.exact) {
        s.countFixed(position);
        return;
      }
      if (s.n == EXACT_STRATUM_ROWS) {
        buffered -= s.n;
        s.toFixed();
        s.countFixed(position);
        return;
      }
      s.buffer(position);
      if (++buffered > MAX_BUFFERED_POSITIONS) {
        StratumBuilder largest = null;
        for (StratumBuilder b : strata) {
          if (b.exact && (largest == null || b.n > largest.n)) {
            largest = b;
          }
        }
        if (other != null && other.exact && (largest == null || other.n > largest.n)) {
          largest = other;
        }
        buffered -= largest.n;
        largest.toFixed();
      }
    }

    Planned finish(DatasetFingerprint read) {
      List<SplitCuts.Stratum> cuts = new ArrayList<>();
      for (StratumBuilder s : strata) {
        cuts.add(s.cuts());
      }
      SplitCuts.Stratum others = other == null ? null : other.cuts();
      SplitCuts recorded = new SplitCuts(distinct == null ? KEEP_DUPLICATES : distinct.limit(), frozenAt, cuts,
          others);
      for (SplitCuts.Stratum s : cuts) {
        count(s);
      }
      if (others != null) {
        count(others);
      }
      return new Planned(recorded, counts(), keptNames, read);
    }

    private void count(SplitCuts.Stratum s) {
      parts[Part.TEST.ordinal()] += s.testRows();
      parts[Part.VALIDATION.ordinal()] += s.validationRows();
      parts[Part.TRAIN.ordinal()] += s.rows() - s.testRows() - s.validationRows();
    }

    /** One stratum while the pass runs: its positions while it is small, else its fixed counts. */
    private final class StratumBuilder {
      final String label;
      long rows;
      boolean exact = true;
      long[] positions = new long[16];
      int n;
      long test;
      long validation;

      StratumBuilder(String label) {
        this.label = label;
      }

      void buffer(long position) {
        if (n == positions.length) {
          positions = Arrays.copyOf(positions, Math.min(EXACT_STRATUM_ROWS, n * 2));
        }
        positions[n++] = position;
      }

      void countFixed(long position) {
        if (Long.compareUnsigned(position, fixedTest) < 0) {
          test++;
        } else if (Long.compareUnsigned(position, fixedValidation) < 0) {
          validation++;
        }
      }

      void toFixed() {
        for (int i = 0; i < n; i++) {
          countFixed(positions[i]);
        }
        exact = false;
        positions = null;
        n = 0;
      }

      SplitCuts.Stratum cuts() {
        if (!exact) {
          return new SplitCuts.Stratum(label, rows, test, validation, fixedTest, fixedValidation, false);
        }
        // Sorted as unsigned numbers: flip the sign bit, sort, flip back.
        long[] sorted = Arrays.copyOf(positions, n);
        for (int i = 0; i < n; i++) {
          sorted[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
          sorted[i] ^= Long.MIN_VALUE;
        }
        int testCount = share(n, plan.testRatio());
        int rest = n - testCount;
        int validationCount = share(rest, plan.validationRatio());
        long testBelow = testCount == 0 ? 0 : sorted[testCount];
        long validationBelow = validationCount == 0 ? testBelow : sorted[testCount + validationCount];
        // Equal positions (identical rows beyond the exact duplicate check) stay on one side of a cut.
        long testRows = 0;
        long validationRows = 0;
        for (long p : sorted) {
          if (Long.compareUnsigned(p, testBelow) < 0) {
            testRows++;
          } else if (Long.compareUnsigned(p, validationBelow) < 0) {
            validationRows++;
          }
        }
        positions = null;
        return new SplitCuts.Stratum(label, rows, testRows, validationRows, testBelow, validationBelow, true);
      }
    }

    /** As the in-memory splitter: a share of round(n * ratio) rows, at least one, never all. */
    private static int share(int n, double ratio) {
      return n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(n * ratio)));
    }
  }

  // --- rebuild -----------------------------------------------------------------------------------

  private static final class Replayer extends Pass {
    private final List<SplitCuts.Stratum> strata = new ArrayList<>();
    private final SplitCuts.Stratum other;
    private final boolean[] wanted = new boolean[Part.values().length];
    private final SampledSink sink;

    /** A wanted part's rows are handed out when their sampling half is below this (unsigned). */
    private final long[] sampleBelow = new long[Part.values().length];

    private final long frozenAt;
    /** Every wanted row is handed out, marked in or out of the sample; else only the sample's. */
    private final boolean everyRow;

    Replayer(PreparationPlan plan, SplitCuts cuts, Set<Part> wanted, Map<Part, Double> shares, boolean everyRow,
        SampledSink sink, String fileName) {
      super(plan, cuts.distinctRowLimit(), fileName);
      this.frozenAt = cuts.frozenAtRow() == null ? Long.MAX_VALUE : cuts.frozenAtRow();
      this.everyRow = everyRow;
      for (SplitCuts.Stratum s : cuts.strata()) {
        if (classification) {
          labels.known(s.label());
        }
        strata.add(s);
      }
      labels.freeze();
      // A class the preparation never saw means a changed file, refused by its SHA-256 at the end.
      this.other = cuts.otherClasses() != null ? cuts.otherClasses()
          : new SplitCuts.Stratum(null, 0, 0, 0, cutAt(plan.testRatio()),
              cutAt(plan.testRatio() + (1 - plan.testRatio()) * plan.validationRatio()), false);
      for (Part p : wanted) {
        this.wanted[p.ordinal()] = true;
        this.sampleBelow[p.ordinal()] = cutAt(shares.getOrDefault(p, 1.0));
      }
      this.sink = sink;
    }

    @Override
    String[] cells(int label, long position, long sampling, char[] text, int[] starts, int[] ends) {
      int part = stratum(label).part(position).ordinal();
      if (!wanted[part] || (!everyRow && !inSample(part, sampling))) {
        return null;
      }
      String[] cells = new String[kept.length];
      for (int k = 0; k < kept.length; k++) {
        int c = kept[k];
        cells[k] = starts[c] == ends[c] ? null : new String(text, starts[c], ends[c] - starts[c]);
      }
      return cells;
    }

    @Override
    void accept(int label, long position, long sampling, String[] cells) {
      Part part = stratum(label).part(position);
      parts[part.ordinal()]++;
      if (cells != null) {
        sink.row(part, cells, inSample(part.ordinal(), sampling));
      }
    }

    @Override
    public void header(List<String> columns) {
      super.header(columns);
      sink.columns(keptNames);
    }

    private boolean inSample(int part, long sampling) {
      return sampleBelow[part] == -1L || Long.compareUnsigned(sampling, sampleBelow[part]) < 0;
    }

    /**
     * Only the rows handed out are checked for duplicates: identical rows share their part and their
     * sample, so a handed-out row's earlier copies were handed out too (and are in this smaller set);
     * and as in the preparation, rows after the one that filled its set are only looked up.
     */
    @Override
    boolean decidesEveryRow() {
      return false;
    }

    @Override
    long frozenAtRow() {
      return frozenAt;
    }

    private SplitCuts.Stratum stratum(int label) {
      return label >= 0 && label < strata.size() ? strata.get(label) : other;
    }
  }

  /**
   * The target's classes met so far, looked up by their characters (no String per row): the first
   * {@link #MAX_STRATA} get indices in the order they are met, later ones are -1.
   */
  static final class Labels {
    private String[] names = new String[64];
    private int[] ids = new int[64];
    private final List<String> byId = new ArrayList<>();
    private boolean frozen;

    int id(char[] text, int from, int to) {
      int mask = names.length - 1;
      int i = hash(text, from, to) & mask;
      for (String name = names[i]; name != null; name = names[i]) {
        if (equal(name, text, from, to)) {
          return ids[i];
        }
        i = (i + 1) & mask;
      }
      if (frozen || byId.size() >= MAX_STRATA) {
        return -1;
      }
      return add(new String(text, from, to - from), i);
    }

    /** Adds a class of a recorded split, in its recorded order. */
    void known(String label) {
      char[] chars = label.toCharArray();
      if (id(chars, 0, chars.length) != byId.size() - 1) {
        throw new IllegalStateException("the recorded split names the class '" + label + "' twice");
      }
    }

    /** No further classes: they belong to no recorded stratum. */
    void freeze() {
      frozen = true;
    }

    String name(int id) {
      return byId.get(id);
    }

    private int add(String name, int slot) {
      names[slot] = name;
      ids[slot] = byId.size();
      byId.add(name);
      if (byId.size() * 2 > names.length) {
        String[] oldNames = names;
        int[] oldIds = ids;
        names = new String[oldNames.length * 2];
        ids = new int[names.length];
        int mask = names.length - 1;
        for (int j = 0; j < oldNames.length; j++) {
          if (oldNames[j] != null) {
            char[] c = oldNames[j].toCharArray();
            int k = hash(c, 0, c.length) & mask;
            while (names[k] != null) {
              k = (k + 1) & mask;
            }
            names[k] = oldNames[j];
            ids[k] = oldIds[j];
          }
        }
      }
      return byId.size() - 1;
    }

    private static int hash(char[] text, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + text[i];
      }
      return h ^ (h >>> 16);
    }

    private static boolean equal(String name, char[] text, int from, int to) {
      if (name.length() != to - from) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        if (name.charAt(i) != text[from + i]) {
          return false;
        }
      }
      return true;
    }
  }
}
