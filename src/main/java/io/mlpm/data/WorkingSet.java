package io.mlpm.data;

import io.mlpm.MlpmProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The heap a long step holds at most, estimated before it starts from the dataset's shape and the
 * configured bounds, so that a worker pool can admit steps by a memory budget instead of finding
 * out by an OutOfMemoryError. The figures are upper estimates measured on this stack (see
 * BENCHMARKS.md): a cell held as text in a row plus the trainer's copy of it takes about
 * {@link #BYTES_PER_HELD_CELL} bytes; a profiled column's sketches about {@link #PROFILE_PER_COLUMN}.
 */
@Service
public class WorkingSet {

  static final long MB = 1024L * 1024;
  /** The duplicate counter's Bloom filter (32 MB) and the read-ahead buffers. */
  static final long PROFILE_FIXED = 48 * MB;
  static final long PROFILE_PER_COLUMN = 64 * 1024;
  static final long BYTES_PER_HELD_CELL = 96;
  /** A trained model and the trainer's scratch space (a random forest's trees, an SGD's weights). */
  static final long MODEL = 64 * MB;
  /** The evaluation scores the test split in batches of this many rows. */
  static final long EVALUATION_BATCH_ROWS = 10_000;

  private final JdbcTemplate jdbc;
  private final MlpmProperties.Datasets limits;

  public WorkingSet(JdbcTemplate jdbc, MlpmProperties properties) {
    this.jdbc = jdbc;
    this.limits = properties.datasets();
  }

  /** Ingest (format checks, profile and SHA-256 in one pass): the widest file allowed, as the header is not read yet. */
  public long ofIngest() {
    return profile(limits.maxColumns());
  }

  /** A profile pass over an ingested version (when the stored profile does not fit the settings). */
  public long ofProfile(long datasetVersionId) {
    return profile(shape(datasetVersionId).columns());
  }

  public long ofPreparation(long datasetVersionId) {
    Shape shape = shape(datasetVersionId);
    return preparation(shape.rows(), shape.columns(), limits.distinctRows());
  }

  public long ofTraining(long splitId) {
    return training(counts(splitId), columnsOfSplit(splitId), limits);
  }

  public long ofEvaluation(long splitId) {
    return evaluation(counts(splitId), columnsOfSplit(splitId), limits);
  }

  /** The refit on training plus validation rows, then the test evaluation: the larger of the two, one after the other. */
  public long ofFinalEvaluation(long splitId) {
    SplitCounts counts = counts(splitId);
    int columns = columnsOfSplit(splitId);
    return Math.max(training(counts, columns, limits), evaluation(counts, columns, limits));
  }

  private record Shape(long rows, int columns) {}

  private Shape shape(long datasetVersionId) {
    return jdbc.queryForObject("SELECT row_count, column_count FROM mlpm_dataset_version WHERE id = ?",
        (rs, n) -> new Shape(rs.getLong(1), rs.getInt(2)), datasetVersionId);
  }

  private int columnsOfSplit(long splitId) {
    return jdbc.queryForObject("SELECT v.column_count FROM mlpm_data_split s JOIN mlpm_dataset_version v"
        + " ON v.id = s.dataset_version_id WHERE s.id = ?", Integer.class, splitId);
  }

  private SplitCounts counts(long splitId) {
    return jdbc.queryForObject("SELECT train_rows, COALESCE(validation_rows, 0), test_rows FROM mlpm_data_split"
        + " WHERE id = ?", (rs, n) -> new SplitCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), 0, 0, 0), splitId);
  }

  /** Ingest and profile: one pass with a sketch set per column; the columns are not known before the header. */
  static long profile(int columns) {
    return PROFILE_FIXED + columns * PROFILE_PER_COLUMN;
  }

  /** Preparation: the distinct-row set (two 16-byte slots a row) and the buffered part positions. */
  static long preparation(long rows, int columns, int distinctRowLimit) {
    return Math.min(rows, distinctRowLimit) * 32 + Math.min(rows, StreamingSplit.MAX_BUFFERED_POSITIONS) * 8
        + profile(columns);
  }

  /** A candidate: its training sample and tuning's validation sample held as rows, and the model. */
  static long training(SplitCounts counts, int columns, MlpmProperties.Datasets limits) {
    long rows = Math.min(counts.train(), limits.maxTrainingRows())
        + Math.min(counts.validation(), limits.maxValidationRows());
    return rows * (columns + 1) * BYTES_PER_HELD_CELL + MODEL;
  }

  /** The evaluation: a batch of test rows, the sample kept for the ROC curve and report, two models. */
  static long evaluation(SplitCounts counts, int columns, MlpmProperties.Datasets limits) {
    long rows = Math.min(counts.test(), limits.maxEvaluationRows()) + Math.min(counts.test(), EVALUATION_BATCH_ROWS);
    return rows * (columns + 1) * BYTES_PER_HELD_CELL + 2 * MODEL;
  }

  /** Bytes as a person reads them. */
  public static String describe(long bytes) {
    return bytes >= 1024 * MB ? String.format("%.1f GB", bytes / (1024.0 * MB)) : String.format("%d MB", bytes / MB);
  }
}
