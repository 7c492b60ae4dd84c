package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** What a rebuild read: the kept columns, its counts and the file's fingerprint. */
  record Replayed(List<String> columns, SplitCounts counts, DatasetFingerprint fingerprint) {}

  /** Receives the rows of the wanted parts, kept columns only, in file order. */
  interface PartSink {
    void row(Part part, String[] cells);
  }

  /** The preparation pass: counts and cuts, with the SHA-256 of the bytes it read. */
  static Planned plan(CsvDatasetReader reader, Path file, PreparationPlan plan, int distinctRowLimit) {
    Planner planner = new Planner(plan, distinctRowLimit, file.getFileName().toString());
    DatasetFingerprint read = reader.forEachRowHashed(file, planner);
    return planner.finish(read);
  }

  /** The rebuild: the rows of the wanted parts by the recorded cuts, with the SHA-256 of the bytes read. */
  static Replayed replay(CsvDatasetReader reader, Path file, PreparationPlan plan, SplitCuts cuts, Set<Part> wanted,
      PartSink sink) {
    Replayer replayer = new Replayer(plan, cuts, wanted, sink, file.getFileName().toString());
    DatasetFingerprint read = reader.forEachRowHashed(file, replayer);
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
    private final long started = System.nanoTime();
    private long nextProgress = PROGRESS_EVERY;

    Pass(PreparationPlan plan, int distinctRowLimit, String fileName) {
      if (plan.excludedColumns().contains(plan.targetColumn())) {
        throw new IllegalArgumentException("The target column '" + plan.targetColumn() + "' cannot be left out.");
      }
      if (!(plan.testRatio() > 0 && plan.testRatio() < 1)) {
        throw new IllegalArgumentException("testRatio must be between 0 and 1, was " + plan.testRatio());
      }
      this.plan = plan;
      this.distinct = new DistinctRows(distinctRowLimit);
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
      switch (distinct.add(identity.high(), identity.low())) {
        case DUPLICATE -> {
          duplicates++;
          return;
        }
        case UNCHECKED -> unchecked++;
        case NEW -> { }
      }
      String label = classification ? new String(text, starts[target], ends[target] - starts[target]) : "";
      accept(label, identity.high(), text, starts, ends);
    }

    abstract void accept(String label, long position, char[] text, int[] starts, int[] ends);

    SplitCounts counts() {
      return new SplitCounts(parts[Part.TRAIN.ordinal()], parts[Part.VALIDATION.ordinal()],
          parts[Part.TEST.ordinal()], duplicates, dropped, unchecked);
    }
  }

  // --- preparation -------------------------------------------------------------------------------

  private static final class Planner extends Pass {
    private final Map<String, StratumBuilder> strata = new LinkedHashMap<>();
    private StratumBuilder other;
    private final long fixedTest;
    private final long fixedValidation;
    private long buffered;

    Planner(PreparationPlan plan, int distinctRowLimit, String fileName) {
      super(plan, distinctRowLimit, fileName);
      fixedTest = cutAt(plan.testRatio());
      fixedValidation = cutAt(plan.testRatio() + (1 - plan.testRatio()) * plan.validationRatio());
    }

    @Override
    void accept(String label, long position, char[] text, int[] starts, int[] ends) {
      StratumBuilder s = strata.get(label);
      if (s == null) {
        if (strata.size() < MAX_STRATA) {
          s = new StratumBuilder(classification ? label : null);
          strata.put(label, s);
        } else {
          if (other == null) {
            other = new StratumBuilder(null);
          }
          s = other;
        }
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
        for (StratumBuilder b : strata.values()) {
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
      for (StratumBuilder s : strata.values()) {
        cuts.add(s.cuts());
      }
      SplitCuts.Stratum others = other == null ? null : other.cuts();
      SplitCuts recorded = new SplitCuts(distinct.limit(), cuts, others);
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
    private final Map<String, SplitCuts.Stratum> strata = new HashMap<>();
    private final SplitCuts.Stratum other;
    private final boolean[] wanted = new boolean[Part.values().length];
    private final PartSink sink;

    Replayer(PreparationPlan plan, SplitCuts cuts, Set<Part> wanted, PartSink sink, String fileName) {
      super(plan, cuts.distinctRowLimit(), fileName);
      for (SplitCuts.Stratum s : cuts.strata()) {
        strata.put(s.label() == null ? "" : s.label(), s);
      }
      // A class the preparation never saw means a changed file, refused by its SHA-256 at the end.
      this.other = cuts.otherClasses() != null ? cuts.otherClasses()
          : new SplitCuts.Stratum(null, 0, 0, 0, cutAt(plan.testRatio()),
              cutAt(plan.testRatio() + (1 - plan.testRatio()) * plan.validationRatio()), false);
      for (Part p : wanted) {
        this.wanted[p.ordinal()] = true;
      }
      this.sink = sink;
    }

    @Override
    void accept(String label, long position, char[] text, int[] starts, int[] ends) {
      SplitCuts.Stratum s = strata.getOrDefault(label, other);
      Part part = s.part(position);
      parts[part.ordinal()]++;
      if (wanted[part.ordinal()]) {
        String[] cells = new String[kept.length];
        for (int k = 0; k < kept.length; k++) {
          int c = kept[k];
          cells[k] = starts[c] == ends[c] ? null : new String(text, starts[c], ends[c] - starts[c]);
        }
        sink.row(part, cells);
      }
    }
  }
}
