package io.mlpm;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code mlpm.*}; see application.yaml for the defaults. */
@ConfigurationProperties(prefix = "mlpm")
public record MlpmProperties(Datasets datasets, Security security, Serving serving, Demo demo,
    Monitoring monitoring, Training training) {

  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public MlpmProperties {
    datasets = datasets == null ? new Datasets(Path.of("./datasets"), 0) : datasets;
    security = security == null ? new Security("admin", null) : security;
    serving = serving == null ? new Serving(1000, 100_000, 0) : serving;
    demo = demo == null ? new Demo(false, false) : demo;
    monitoring = monitoring == null ? new Monitoring(null, null) : monitoring;
    training = training == null ? new Training(0, 0) : training;
  }

  public MlpmProperties(Datasets datasets, Security security, Serving serving, Demo demo,
      Monitoring monitoring) {
    this(datasets, security, serving, demo, monitoring, null);
  }

  /**
   * Where dataset files live (every {@code datasetUri} must resolve inside this root), and how many
   * columns a dataset may have: each column's profile holds sketches in memory, so a wider file is
   * a finding for the steward, not a profile that exhausts the heap. {@code distinctRows} bounds the
   * exact duplicate check of a split (16 bytes per slot, at most two slots per row held); duplicates
   * beyond it stay in the data, in one part, and the split says how many rows went unchecked.
   * {@code maxTrainingRows}, {@code maxValidationRows} and {@code maxEvaluationRows} bound the rows a
   * step holds in memory: a candidate trains on (and the drift baseline is built from) a seeded
   * sample of at most that many training rows (aimed a little below), tuning uses a sample of the validation rows,
   * the evaluation a sample of the test rows; the sizes are recorded with the model.
   */
  public record Datasets(Path root, int maxColumns, int distinctRows, int maxTrainingRows, int maxValidationRows,
      int maxEvaluationRows) {

    public static final int DEFAULT_MAX_COLUMNS = 2000;
    public static final int DEFAULT_DISTINCT_ROWS = 2_000_000;
    /** Sized for a 1 GB heap with a dozen columns: the rows as text and the trainer's copy of them. */
    public static final int DEFAULT_MAX_TRAINING_ROWS = 250_000;
    public static final int DEFAULT_MAX_VALIDATION_ROWS = 50_000;
    public static final int DEFAULT_MAX_EVALUATION_ROWS = 200_000;

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public Datasets {
      maxColumns = maxColumns <= 0 ? DEFAULT_MAX_COLUMNS : maxColumns;
      distinctRows = distinctRows <= 0 ? DEFAULT_DISTINCT_ROWS : distinctRows;
      maxTrainingRows = maxTrainingRows <= 0 ? DEFAULT_MAX_TRAINING_ROWS : maxTrainingRows;
      maxValidationRows = maxValidationRows <= 0 ? DEFAULT_MAX_VALIDATION_ROWS : maxValidationRows;
      maxEvaluationRows = maxEvaluationRows <= 0 ? DEFAULT_MAX_EVALUATION_ROWS : maxEvaluationRows;
    }

    public Datasets(Path root, int maxColumns) {
      this(root, maxColumns, 0, 0, 0, 0);
    }
  }

  /** The administrator; its password must come from configuration outside the demo profile. */
  public record Security(String adminUser, String adminPassword) {}

  /**
   * Limits of the prediction endpoint; the prediction log keeps the newest
   * {@code maxPredictionsPerProject} predictions of each project. A prediction body may have
   * {@code maxBatchRows} rows of the model's features at {@code maxBytesPerValue} each (name,
   * quotes and value), up to {@code mlpm.http.max-prediction-body}.
   */
  public record Serving(int maxBatchRows, int maxPredictionsPerProject, int maxBytesPerValue) {

    public Serving {
      maxBatchRows = maxBatchRows <= 0 ? 1000 : maxBatchRows;
      maxPredictionsPerProject = maxPredictionsPerProject <= 0 ? 100_000 : maxPredictionsPerProject;
      maxBytesPerValue = maxBytesPerValue <= 0 ? 256 : maxBytesPerValue;
    }
  }

  /**
   * How often a production model's health is checked (ISO-8601 duration for the BPMN timer), and
   * how long an accepted degradation finding stays quiet.
   */
  public record Monitoring(String interval, java.time.Duration acceptPeriod) {

    public Monitoring {
      interval = interval == null || interval.isBlank() ? "PT1H" : interval;
      java.time.Duration.parse(interval);
      acceptPeriod = acceptPeriod == null ? java.time.Duration.ofDays(7) : acceptPeriod;
    }
  }

  /**
   * How candidates are tuned and selected: when a split's training and validation rows together
   * are fewer than {@code crossValidationBelowRows}, by {@code crossValidationFolds}-fold
   * cross-validation on both (one small validation split tells candidates apart by chance); else
   * on the validation split.
   */
  public record Training(int crossValidationBelowRows, int crossValidationFolds, long externalUploadBytes,
      java.time.Duration externalTrainerTimeout) {

    public static final int DEFAULT_CROSS_VALIDATION_BELOW_ROWS = 10_000;
    public static final int DEFAULT_CROSS_VALIDATION_FOLDS = 5;
    /** An external trainer's upload (its predictions and artifact, zipped): held whole when graded. */
    public static final long DEFAULT_EXTERNAL_UPLOAD_BYTES = 64L << 20;
    /** How long an external trainer has to complete its task before its candidate is given up. */
    public static final java.time.Duration DEFAULT_EXTERNAL_TRAINER_TIMEOUT = java.time.Duration.ofHours(4);

    public Training(int crossValidationBelowRows, int crossValidationFolds) {
      this(crossValidationBelowRows, crossValidationFolds, 0, null);
    }

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public Training {
      externalTrainerTimeout = externalTrainerTimeout == null || externalTrainerTimeout.isZero()
          || externalTrainerTimeout.isNegative() ? DEFAULT_EXTERNAL_TRAINER_TIMEOUT : externalTrainerTimeout;
      externalUploadBytes = externalUploadBytes <= 0 ? DEFAULT_EXTERNAL_UPLOAD_BYTES : externalUploadBytes;
      crossValidationBelowRows = crossValidationBelowRows < 0 ? 0
          : crossValidationBelowRows == 0 ? DEFAULT_CROSS_VALIDATION_BELOW_ROWS : crossValidationBelowRows;
      crossValidationFolds = crossValidationFolds <= 0 ? DEFAULT_CROSS_VALIDATION_FOLDS : crossValidationFolds;
      if (crossValidationFolds < 2 || crossValidationFolds > 20) {
        throw new IllegalArgumentException("mlpm.training.cross-validation-folds must be 2..20: "
            + crossValidationFolds);
      }
    }

    /** The folds for this many training and validation rows; 0: tune on the validation split. */
    public int foldsFor(long rows) {
      return rows < crossValidationBelowRows && rows >= 2L * crossValidationFolds ? crossValidationFolds : 0;
    }
  }

  /** Demo users, sample dataset and sample project (demo profile only). */
  public record Demo(boolean enabled, boolean sampleProject) {}
}
