package io.mlpm.data.profile;

import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.DatasetFingerprint;
import io.mlpm.data.DatasetFormatException;
import io.mlpm.ml.TaskType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Profiles a CSV dataset file in ONE streaming pass whose memory does not grow with the number
 * of rows: per-column statistics ({@link ColumnAccumulator}), duplicate rows
 * ({@link DuplicateRowCounter}), the target's classes, and leakage suspects on a seeded
 * reservoir sample ({@link LeakageDetector}).
 *
 * <p>The file is read with {@link CsvDatasetReader#forEachRow}, so format detection and errors
 * are those of ingestion. Parsing runs on a helper thread that hands batches of rows to the
 * calling thread, which does the statistics; at most a few batches are in flight.
 *
 * <p>Thread-safe: every call works on its own state.
 */
public final class DatasetProfiler {

  private static final Logger log = LoggerFactory.getLogger(DatasetProfiler.class);

  /** Classes counted for the target; more classes than this go to {@link #OTHER_CLASSES}. */
  public static final int MAX_CLASSES = 1000;
  public static final String OTHER_CLASSES = "(other classes)";
  /** Rows kept for the leakage check (fewer for very wide files: at most ~2M cells). */
  public static final int LEAKAGE_SAMPLE_ROWS = 20_000;
  private static final int SAMPLE_CELLS = 2_000_000;
  private static final long SEED = 42;
  private static final long PROGRESS_EVERY = 2_000_000;
  private static final int BATCH = 1024;
  private static final int BATCHES_IN_FLIGHT = 4;
  /** The helper's share of the columns, in percent (it also hashes all cells and rows). */
  private static final int HELPER_SHARE_PERCENT = 25;

  private final CsvDatasetReader reader;

  public DatasetProfiler() {
    this(new CsvDatasetReader());
  }

  public DatasetProfiler(CsvDatasetReader reader) {
    this.reader = reader;
  }

  /**
   * @param targetColumn the column to predict; null or absent gives a target profile with
   *     {@code present=false}
   * @param taskType classification or regression; null infers classification unless the target
   *     is numeric (not integer)
   * @throws DatasetFormatException when the file cannot be read as a table (as on ingestion)
   */
  public DatasetProfile profile(Path file, String targetColumn, TaskType taskType) {
    return profile(file, targetColumn, taskType, Integer.MAX_VALUE, false).profile();
  }

  /** A profile and the fingerprint of the bytes it was computed from. */
  public record Fingerprinted(DatasetProfile profile, DatasetFingerprint fingerprint) {}

  /**
   * Ingestion's one pass: the format checks, the counts, the profile and the SHA-256 of every byte
   * of the file, together.
   *
   * @param maxColumns a file with more columns is refused at its header, before any column's
   *     sketches are made
   * @throws DatasetFormatException when the file cannot be read as a table or is too wide
   */
  public Fingerprinted profileAndFingerprint(Path file, String targetColumn, TaskType taskType, int maxColumns) {
    return profile(file, targetColumn, taskType, maxColumns, true);
  }

  private Fingerprinted profile(Path file, String targetColumn, TaskType taskType, int maxColumns, boolean hash) {
    long started = System.nanoTime();
    Pass pass = new Pass(targetColumn, file.getFileName().toString(), started);
    DatasetFingerprint read = stream(file, pass, maxColumns, hash);
    DatasetProfile profile = pass.finish(taskType);
    log.info("Profiled {}: {} rows, {} columns in {} s", file.getFileName(), profile.rows(),
        profile.columnCount(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new Fingerprinted(profile, read);
  }

  // --- the pipeline ------------------------------------------------------------------------------
  //
  // parser thread --(rows)--> hashing helper --(rows + hashes)--> calling thread --> back to pool
  //
  // A batch is one reusable block of rows: the normalized cells' characters back to back, where
  // each cell ends, the cells' hashes and the rows' hashes. A fixed pool of batches bounds the
  // memory in flight and keeps the hand-overs free of allocation. Without a second core the
  // calling thread also does the helper's part.

  private enum Kind { HEADER, ROWS, END, FAILURE }

  /** One hand-over between the threads. */
  static final class Batch {
    Kind kind = Kind.ROWS;
    List<String> header;
    Throwable failure;
    /** With END: what the reader read, when it hashed. */
    DatasetFingerprint fingerprint;
    int columns;
    int rows;
    int used;
    char[] text = new char[BATCH * 128];
    /** Cell k (= row * columns + column) is text[k == 0 ? 0 : ends[k - 1], ends[k]). */
    int[] ends = new int[0];
    long[] cellHashes = new long[0];
    long[] rowHashes = new long[BATCH];

    int start(int k) {
      return k == 0 ? 0 : ends[k - 1];
    }

    void columns(int n) {
      columns = n;
      if (ends.length < BATCH * n) {
        ends = new int[BATCH * n];
        cellHashes = new long[BATCH * n];
      }
    }

    void recycle() {
      kind = Kind.ROWS;
      header = null;
      failure = null;
      fingerprint = null;
      rows = 0;
      used = 0;
      if (text.length > 4 * FLUSH_CHARS) {
        text = new char[BATCH * 128]; // after a row of huge cells: do not keep its memory
      }
    }

    void append(char[] chars, int[] starts, int[] cellEnds, int n) {
      int length = cellEnds[n - 1] - starts[0];
      if (used + length > text.length) {
        text = Arrays.copyOf(text, Math.max(text.length * 2, used + length));
      }
      // The reader keeps a row's cells back to back from starts[0].
      System.arraycopy(chars, starts[0], text, used, length);
      int shift = used - starts[0];
      int base = rows * n;
      for (int i = 0; i < n; i++) {
        ends[base + i] = cellEnds[i] + shift;
      }
      used += length;
      rows++;
    }
  }

  /** A batch is handed on early when its cells hold this many characters (very wide rows). */
  private static final int FLUSH_CHARS = 1 << 18;
  private static final int POOL = 2 * BATCHES_IN_FLIGHT + 2;

  /** The queues between the threads, and the pool of batches. */
  private static final class Pipes {
    final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(POOL);
    final BlockingQueue<Batch> toHelper = new ArrayBlockingQueue<>(POOL);
    final BlockingQueue<Batch> toMain = new ArrayBlockingQueue<>(POOL);

    Pipes() {
      for (int i = 0; i < POOL; i++) {
        free.add(new Batch());
      }
    }
  }

  /** @return the fingerprint of the bytes read when {@code hash}, else null */
  private DatasetFingerprint stream(Path file, Pass pass, int maxColumns, boolean hash) {
    Pipes pipes = new Pipes();
    boolean parallel = Runtime.getRuntime().availableProcessors() > 1;
    BlockingQueue<Batch> parsed = parallel ? pipes.toHelper : pipes.toMain;
    Thread parser = new Thread(() -> parse(file, pipes, parsed, maxColumns, hash), "dataset-profile-parser");
    parser.setDaemon(true);
    Thread helper = null;
    if (parallel) {
      helper = new Thread(() -> pass.helperLoop(pipes), "dataset-profile-helper");
      helper.setDaemon(true);
    }
    parser.start();
    if (helper != null) {
      helper.start();
    }
    boolean done = false;
    DatasetFingerprint read = null;
    try {
      while (!done) {
        Batch batch = pipes.toMain.take();
        switch (batch.kind) {
          case FAILURE -> throw rethrow(batch.failure);
          case HEADER -> {
            if (!parallel) {
              pass.header(batch.header, false);
            }
          }
          case ROWS -> {
            if (!parallel) {
              pass.hashAndCount(batch);
            }
            pass.rows(batch);
          }
          case END -> {
            done = true;
            read = batch.fingerprint;
          }
        }
        batch.recycle();
        pipes.free.put(batch);
      }
      if (helper != null) {
        helper.join();
      }
      return read;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Profiling of " + file.getFileName() + " was interrupted", e);
    } finally {
      if (!done) {
        parser.interrupt(); // stops the other threads at their next hand-over
        if (helper != null) {
          helper.interrupt();
        }
      }
    }
  }

  private void parse(Path file, Pipes pipes, BlockingQueue<Batch> out, int maxColumns, boolean hash) {
    BatchingSink sink = new BatchingSink(pipes, out, maxColumns);
    try {
      DatasetFingerprint read = hash ? reader.forEachRowHashed(file, sink) : null;
      if (!hash) {
        reader.forEachRow(file, sink, true);
      }
      sink.flush();
      sink.send(Kind.END, null, read);
    } catch (CancelledException e) {
      // the profiling thread gave up; nothing to report
    } catch (Throwable e) {
      try {
        sink.send(Kind.FAILURE, e, null);
      } catch (CancelledException cancelled) {
        // nobody listens any more
      }
    }
  }

  /** Groups rows into batches for the other threads (fewer hand-overs than row by row). */
  private static final class BatchingSink implements CsvDatasetReader.CellRangeSink {
    private final Pipes pipes;
    private final BlockingQueue<Batch> out;
    private Batch batch;
    private int columns;

    private final int maxColumns;

    BatchingSink(Pipes pipes, BlockingQueue<Batch> out, int maxColumns) {
      this.pipes = pipes;
      this.out = out;
      this.maxColumns = maxColumns;
    }

    @Override
    public void header(List<String> names) {
      if (names.size() > maxColumns) {
        throw new DatasetFormatException(String.format(java.util.Locale.ROOT, "it has %,d columns, more than the"
            + " %,d a dataset may have (mlpm.datasets.max-columns); keep the columns the model needs in a narrower"
            + " file", names.size(), maxColumns), 1);
      }
      columns = names.size();
      Batch header = take();
      header.kind = Kind.HEADER;
      header.header = names;
      put(header);
    }

    @Override
    public void row(char[] text, int[] starts, int[] ends, int n) {
      if (batch == null) {
        batch = take();
        batch.columns(columns);
      }
      batch.append(text, starts, ends, n);
      if (batch.rows == BATCH || batch.used > FLUSH_CHARS) {
        flush();
      }
    }

    void flush() {
      if (batch != null) {
        put(batch);
        batch = null;
      }
    }

    void send(Kind kind, Throwable failure, DatasetFingerprint fingerprint) {
      Batch last = take();
      last.kind = kind;
      last.failure = failure;
      last.fingerprint = fingerprint;
      put(last);
    }

    private Batch take() {
      try {
        return pipes.free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException();
      }
    }

    private void put(Batch b) {
      try {
        out.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException();
      }
    }
  }

  private static final class CancelledException extends RuntimeException {
    CancelledException() {
      super(null, null, false, false);
    }
  }

  private static RuntimeException rethrow(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(failure);
  }

  // --- one pass ----------------------------------------------------------------------------------

  /**
   * The state of one pass. The work on each batch is split between the helper thread (hashes of
   * all cells and rows, duplicates, its share of the columns) and the calling thread (the other
   * columns, target classes, leakage sample); each accumulator is only ever touched by one thread.
   */
  private static final class Pass {
    private final String targetName;
    private final String fileName;
    private final long started;
    private ColumnAccumulator[] columns;
    private int[] mainColumns;
    private int[] helperColumns;
    private int target = -1;
    private long rows;
    private long nextProgress = PROGRESS_EVERY;
    private final DuplicateRowCounter duplicates = new DuplicateRowCounter();
    private final ClassCounts classCounts = new ClassCounts();
    private final List<String[]> sample = new ArrayList<>();
    private int sampleSize;
    private final SplittableRandom random = new SplittableRandom(SEED);

    Pass(String targetName, String fileName, long started) {
      this.targetName = targetName;
      this.fileName = fileName;
      this.started = started;
    }

    /** Called by the helper, if there is one, before it hands the header on. */
    void header(List<String> names, boolean parallel) {
      columns = new ColumnAccumulator[names.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = new ColumnAccumulator(names.get(i));
      }
      target = targetName == null ? -1 : names.indexOf(targetName);
      sampleSize = Math.max(1000, Math.min(LEAKAGE_SAMPLE_ROWS, SAMPLE_CELLS / names.size()));
      // The helper also hashes every cell and row: give it fewer columns.
      int helperCount = parallel ? columns.length * HELPER_SHARE_PERCENT / 100 : 0;
      helperColumns = new int[helperCount];
      mainColumns = new int[columns.length - helperCount];
      for (int i = 0, h = 0, m = 0; i < columns.length; i++) {
        // spread the helper's columns over the row (e.g. every 2nd or 3rd)
        if (h < helperCount && (long) i * helperCount / columns.length >= h) {
          helperColumns[h++] = i;
        } else {
          mainColumns[m++] = i;
        }
      }
    }

    void helperLoop(Pipes pipes) {
      try {
        while (true) {
          Batch batch = pipes.toHelper.take();
          try {
            if (batch.kind == Kind.HEADER) {
              header(batch.header, true);
            } else if (batch.kind == Kind.ROWS) {
              hashAndCount(batch);
            }
          } catch (Throwable e) {
            batch.kind = Kind.FAILURE;
            batch.failure = e;
          }
          Kind kind = batch.kind;
          pipes.toMain.put(batch);
          if (kind == Kind.END || kind == Kind.FAILURE) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // stopped by the profiling thread
      }
    }

    /**
     * Hashes every cell and row (for the duplicate check and the value counts) and accumulates
     * the helper's columns.
     */
    void hashAndCount(Batch batch) {
      char[] text = batch.text;
      int[] ends = batch.ends;
      long[] cellHashes = batch.cellHashes;
      long[] rowHashes = batch.rowHashes;
      int n = batch.columns;
      int[] own = helperColumns;
      int k = 0;
      int from = 0;
      for (int r = 0; r < batch.rows; r++) {
        long rowHash = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++, k++) {
          int to = ends[k];
          long h = from == to ? 0 : CellKinds.hash(text, from, to);
          cellHashes[k] = h;
          from = to;
          rowHash = (rowHash + h) * 0xBF58476D1CE4E5B9L + i;
        }
        rowHashes[r] = CellKinds.mix(rowHash);
      }
      duplicates.addAll(rowHashes, batch.rows);
      for (int c : own) {
        ColumnAccumulator column = columns[c];
        for (int r = 0, kk = c; r < batch.rows; r++, kk += n) {
          column.accept(text, batch.start(kk), ends[kk], cellHashes[kk]);
        }
      }
    }

    void rows(Batch batch) {
      char[] text = batch.text;
      int[] ends = batch.ends;
      long[] cellHashes = batch.cellHashes;
      int n = batch.columns;
      for (int c : mainColumns) {
        ColumnAccumulator column = columns[c];
        for (int r = 0, k = c; r < batch.rows; r++, k += n) {
          column.accept(text, batch.start(k), ends[k], cellHashes[k]);
        }
      }
      for (int r = 0; r < batch.rows; r++) {
        int base = r * n;
        if (target >= 0) {
          int k = base + target;
          int from = batch.start(k);
          if (from != ends[k]) {
            classCounts.count(cellHashes[k], text, from, ends[k]);
          }
        }
        sample(batch, base);
      }
      if (rows >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("Profiling {}: {} rows so far ({} rows/s)", fileName, rows,
            Math.round(rows / seconds));
      }
    }

    /** Reservoir sampling (algorithm R): every row ends up in the sample with equal chance. */
    private void sample(Batch batch, int base) {
      rows++;
      if (sample.size() < sampleSize) {
        sample.add(cells(batch, base));
      } else {
        long j = random.nextLong(rows);
        if (j < sampleSize) {
          sample.set((int) j, cells(batch, base));
        }
      }
    }

    private static String[] cells(Batch batch, int base) {
      String[] cells = new String[batch.columns];
      for (int i = 0; i < cells.length; i++) {
        int from = batch.start(base + i);
        int to = batch.ends[base + i];
        cells[i] = from == to ? null : new String(batch.text, from, to - from);
      }
      return cells;
    }

    DatasetProfile finish(TaskType taskType) {
      List<ColumnProfile> profiles = new ArrayList<>(columns.length);
      List<String> constant = new ArrayList<>();
      List<String> idLike = new ArrayList<>();
      long duplicateRows = duplicates.duplicates();
      for (ColumnAccumulator column : columns) {
        ColumnProfile profile = column.profile(duplicateRows);
        profiles.add(profile);
        if (profile.distinctExact() && profile.distinct() == 1) {
          constant.add(profile.name());
        }
        if (profile.type() == ColumnType.ID_LIKE) {
          idLike.add(profile.name());
        }
      }
      TaskType task = taskType;
      if (task == null && target >= 0) {
        task = profiles.get(target).type() == ColumnType.NUMERIC
            ? TaskType.REGRESSION : TaskType.CLASSIFICATION;
      }
      TargetProfile targetProfile = targetProfile(task, profiles);
      List<LeakageSuspect> leakage = LeakageDetector.find(sample, profiles, target, task);
      return new DatasetProfile(rows, columns.length, duplicateRows,
          rows == 0 ? 0 : (double) duplicateRows / rows, List.copyOf(profiles),
          targetProfile, List.copyOf(constant), List.copyOf(idLike), List.copyOf(leakage));
    }

    private TargetProfile targetProfile(TaskType task, List<ColumnProfile> profiles) {
      if (target < 0) {
        return new TargetProfile(targetName, false, Map.of(), null, 0);
      }
      long missing = profiles.get(target).missing();
      if (task == TaskType.REGRESSION) {
        return new TargetProfile(targetName, true, Map.of(), null, missing);
      }
      // Largest class first; the classes beyond the bound, if any, last.
      Map<String, long[]> classCounts = this.classCounts.counts();
      List<Map.Entry<String, long[]>> entries = new ArrayList<>(classCounts.entrySet());
      boolean overflow = classCounts.size() > MAX_CLASSES;
      entries.sort(Comparator.<Map.Entry<String, long[]>>comparingInt(
              e -> overflow && e.getKey().equals(OTHER_CLASSES) ? 1 : 0)
          .thenComparing(e -> -e.getValue()[0])
          .thenComparing(Map.Entry::getKey));
      Map<String, Long> counts = new LinkedHashMap<>();
      long total = 0;
      long smallest = Long.MAX_VALUE;
      for (Map.Entry<String, long[]> e : entries) {
        counts.put(e.getKey(), e.getValue()[0]);
        total += e.getValue()[0];
        if (!(overflow && e.getKey().equals(OTHER_CLASSES))) {
          smallest = Math.min(smallest, e.getValue()[0]);
        }
      }
      Double minority = total == 0 ? null : (double) smallest / total;
      return new TargetProfile(targetName, true, counts, minority, missing);
    }
  }

  /**
   * The target's classes counted on their 64-bit hashes (a String per class, not per row): the
   * first {@link #MAX_CLASSES} classes seen, then the others together.
   */
  static final class ClassCounts {
    private long[] keys = new long[16];
    private int[] slots = new int[16];
    private final List<String> names = new ArrayList<>();
    private final List<long[]> counts = new ArrayList<>();
    private long[] other;

    void count(long hash, char[] text, int from, int to) {
      int mask = keys.length - 1;
      int i = (int) hash & mask;
      while (keys[i] != 0) {
        if (keys[i] == hash) {
          counts.get(slots[i])[0]++;
          return;
        }
        i = (i + 1) & mask;
      }
      if (names.size() >= MAX_CLASSES) {
        if (other == null) {
          other = new long[1];
        }
        other[0]++;
        return;
      }
      keys[i] = hash;
      slots[i] = names.size();
      names.add(new String(text, from, to - from));
      counts.add(new long[] {1});
      if (names.size() * 2 > keys.length) {
        long[] oldKeys = keys;
        int[] oldSlots = slots;
        keys = new long[oldKeys.length * 2];
        slots = new int[keys.length];
        int m = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
          if (oldKeys[j] != 0) {
            int p = (int) oldKeys[j] & m;
            while (keys[p] != 0) {
              p = (p + 1) & m;
            }
            keys[p] = oldKeys[j];
            slots[p] = oldSlots[j];
          }
        }
      }
    }

    /** Class to count, in order of first appearance, then {@link #OTHER_CLASSES} if any. */
    Map<String, long[]> counts() {
      Map<String, long[]> map = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        map.put(names.get(i), counts.get(i));
      }
      if (other != null) {
        map.merge(OTHER_CLASSES, other, (a, b) -> new long[] {a[0] + b[0]});
      }
      return map;
    }
  }
}
