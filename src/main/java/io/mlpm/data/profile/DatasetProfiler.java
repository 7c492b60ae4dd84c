package io.mlpm.data.profile;

import io.mlpm.charter.TaskType;
import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.DatasetFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    long started = System.nanoTime();
    Pass pass = new Pass(targetColumn, file.getFileName().toString(), started);
    stream(file, pass);
    DatasetProfile profile = pass.finish(taskType);
    log.info("Profiled {}: {} rows, {} columns in {} s", file.getFileName(), profile.rows(),
        profile.columnCount(), String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return profile;
  }

  // --- the pipeline: parse on a helper thread, profile on the caller's -------------------------

  private record Batch(List<String> header, String[][] rows, int size, Throwable failure,
      boolean end) {}

  private void stream(Path file, Pass pass) {
    BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    Thread parser = new Thread(() -> parse(file, queue), "dataset-profile-parser");
    parser.setDaemon(true);
    parser.start();
    boolean done = false;
    try {
      while (!done) {
        Batch batch = queue.take();
        if (batch.failure() != null) {
          throw rethrow(batch.failure());
        }
        if (batch.header() != null) {
          pass.header(batch.header());
        }
        if (batch.size() > 0) {
          pass.rows(batch.rows(), batch.size());
        }
        done = batch.end();
      }
      pass.end();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Profiling of " + file.getFileName() + " was interrupted", e);
    } finally {
      if (!done) {
        parser.interrupt(); // stops the parser at its next hand-over
      }
      pass.stop();
    }
  }

  private void parse(Path file, BlockingQueue<Batch> queue) {
    BatchingSink sink = new BatchingSink(queue);
    try {
      reader.forEachRow(file, sink);
      sink.put(new Batch(null, sink.rows, sink.size, null, true));
    } catch (CancelledException e) {
      // the profiling thread gave up; nothing to report
    } catch (Throwable e) {
      try {
        queue.put(new Batch(null, null, 0, e, true));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Groups rows into batches for the profiling thread (fewer hand-overs than row by row). */
  private static final class BatchingSink implements CsvDatasetReader.RowSink {
    private final BlockingQueue<Batch> queue;
    private String[][] rows = new String[BATCH][];
    private int size;

    BatchingSink(BlockingQueue<Batch> queue) {
      this.queue = queue;
    }

    @Override
    public void header(List<String> columns) {
      put(new Batch(columns, null, 0, null, false));
    }

    @Override
    public void row(String[] cells) {
      rows[size++] = cells;
      if (size == BATCH) {
        put(new Batch(null, rows, size, null, false));
        rows = new String[BATCH][];
        size = 0;
      }
    }

    void put(Batch batch) {
      try {
        queue.put(batch);
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
   * The state of one pass. The work on each batch is split between the calling thread (its share
   * of the columns, target classes, leakage sample) and, on machines with more than one core, a
   * helper thread (the other columns, row hashes and duplicates); each accumulator is only ever
   * touched by one thread.
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
    private final Map<String, long[]> classCounts = new LinkedHashMap<>();
    private final List<String[]> sample = new ArrayList<>();
    private int sampleSize;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private Thread helper;
    private BlockingQueue<Batch> helperQueue;
    private volatile Throwable helperFailure;

    Pass(String targetName, String fileName, long started) {
      this.targetName = targetName;
      this.fileName = fileName;
      this.started = started;
    }

    void header(List<String> names) {
      columns = new ColumnAccumulator[names.size()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = new ColumnAccumulator(names.get(i));
      }
      target = targetName == null ? -1 : names.indexOf(targetName);
      sampleSize = Math.max(1000, Math.min(LEAKAGE_SAMPLE_ROWS, SAMPLE_CELLS / names.size()));
      boolean parallel = Runtime.getRuntime().availableProcessors() > 1 && columns.length > 1;
      // The helper also hashes every cell for the duplicate check: give it fewer columns.
      int helperCount = parallel ? Math.max(1, columns.length * 2 / 5) : 0;
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
      if (parallel) {
        helperQueue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        helper = new Thread(this::helperLoop, "dataset-profile-helper");
        helper.setDaemon(true);
        helper.start();
      }
    }

    void rows(String[][] batch, int size) throws InterruptedException {
      if (helper != null) {
        checkHelper();
        helperQueue.put(new Batch(null, batch, size, null, false));
      } else {
        hashAndCount(batch, size, helperColumns);
      }
      for (int r = 0; r < size; r++) {
        String[] cells = batch[r];
        for (int i : mainColumns) {
          String cell = cells[i];
          columns[i].accept(cell, cell == null ? 0 : CellKinds.hash(cell));
        }
        if (target >= 0 && cells[target] != null) {
          countClass(cells[target]);
        }
        sample(cells);
      }
      if (rows >= nextProgress) {
        nextProgress += PROGRESS_EVERY;
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("Profiling {}: {} rows so far ({} rows/s)", fileName, rows,
            Math.round(rows / seconds));
      }
    }

    /** Hashes every row for the duplicate check and accumulates the given columns. */
    private void hashAndCount(String[][] batch, int size, int[] own) {
      for (int r = 0; r < size; r++) {
        String[] cells = batch[r];
        long rowHash = 0x9E3779B97F4A7C15L;
        int next = 0;
        for (int i = 0; i < cells.length; i++) {
          String cell = cells[i];
          long h = cell == null ? 0 : CellKinds.hash(cell);
          if (next < own.length && own[next] == i) {
            columns[i].accept(cell, h);
            next++;
          }
          rowHash = (rowHash + h) * 0xBF58476D1CE4E5B9L + i;
        }
        duplicates.add(CellKinds.mix(rowHash));
      }
    }

    private void helperLoop() {
      try {
        while (true) {
          Batch batch = helperQueue.take();
          if (batch.end()) {
            return;
          }
          hashAndCount(batch.rows(), batch.size(), helperColumns);
        }
      } catch (InterruptedException e) {
        // stopped by the profiling thread
      } catch (Throwable e) {
        helperFailure = e;
      }
    }

    private void checkHelper() {
      Throwable failure = helperFailure;
      if (failure != null) {
        throw rethrow(failure);
      }
    }

    /** All rows are in: let the helper finish its share. */
    void end() throws InterruptedException {
      if (helper != null) {
        checkHelper();
        helperQueue.put(new Batch(null, null, 0, null, true));
        helper.join();
        helper = null;
        checkHelper();
      }
    }

    /** After a failure: the helper must not run on. */
    void stop() {
      if (helper != null) {
        helper.interrupt();
      }
    }

    private void countClass(String value) {
      long[] count = classCounts.get(value);
      if (count == null) {
        count = classCounts.computeIfAbsent(
            classCounts.size() < MAX_CLASSES ? value : OTHER_CLASSES, k -> new long[1]);
      }
      count[0]++;
    }

    /** Reservoir sampling (algorithm R): every row ends up in the sample with equal chance. */
    private void sample(String[] cells) {
      rows++;
      if (sample.size() < sampleSize) {
        sample.add(cells);
      } else {
        long j = random.nextLong(rows);
        if (j < sampleSize) {
          sample.set((int) j, cells);
        }
      }
    }

    DatasetProfile finish(TaskType taskType) {
      List<ColumnProfile> profiles = new ArrayList<>(columns.length);
      List<String> constant = new ArrayList<>();
      List<String> idLike = new ArrayList<>();
      for (ColumnAccumulator column : columns) {
        ColumnProfile profile = column.profile();
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
      long duplicateRows = duplicates.duplicates();
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
}
