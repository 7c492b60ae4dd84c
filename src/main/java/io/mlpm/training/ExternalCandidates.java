package io.mlpm.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.writer.CsvWriter;
import io.mlpm.MlpmProperties;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Part;
import io.mlpm.data.RecordedSplit;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.NewModelVersion;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Candidates trained by the team's own code ({@link ExternalTrainers}), governed as the built-in ones:
 * the trainer downloads the training rows with their target and the validation and test rows
 * without it, and uploads a prediction for every one; the orchestrator computes every metric from
 * the labels it never handed out: validation metrics for selection (on the same sampled rows as the
 * built-in candidates), test metrics once, in the evaluation.
 */
@Service
public class ExternalCandidates {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalCandidates.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final JdbcTemplate jdbc;
  private final ProjectDevelopmentTerms terms;
  private final long maxUploadBytes;
  private final java.time.Duration trainerTimeout;

  private final org.springframework.transaction.support.TransactionTemplate transaction;

  public ExternalCandidates(DataPreparationService data, ModelRegistry registry, JdbcTemplate jdbc,
      ProjectDevelopmentTerms terms, MlpmProperties properties,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
    this.data = data;
    this.registry = registry;
    this.jdbc = jdbc;
    this.terms = terms;
    this.maxUploadBytes = properties.training().externalUploadBytes();
    this.trainerTimeout = properties.training().externalTrainerTimeout();
  }

  /** How long a trainer has to complete its task ({@code mlpm.training.external-trainer-timeout}). */
  public java.time.Duration trainerTimeout() {
    return trainerTimeout;
  }

  /** The trainer did not complete its task in time: the candidate is given up, with why. */
  public void gaveUp(String projectKey, int iteration, String algorithm, String lastError) {
    String reason = algorithm + " gave no accepted upload within " + trainerTimeout
        + (lastError == null ? " (its worker reported no error)" : "; its worker's last error: " + lastError);
    jdbc.update("INSERT INTO mlpm_external_failure (project_key, iteration, algorithm, reason, created_at)"
        + " VALUES (?,?,?,?,?)", projectKey, iteration, algorithm, reason, Timestamp.from(Instant.now()));
    LOG.warn("Project {}: iteration {}: {}", projectKey, iteration, reason);
  }

  /** Why the iteration's given-up external candidates were given up. */
  public List<String> givenUp(String projectKey, int iteration) {
    return jdbc.queryForList("SELECT reason FROM mlpm_external_failure WHERE project_key = ? AND iteration = ?"
        + " ORDER BY id", String.class, projectKey, iteration);
  }

  /** What a trainer needs to know of its task, besides the rows. */
  public record TaskFacts(String projectKey, int iteration, String algorithm, String taskType, String targetColumn,
      String primaryMetric, long seed, long trainingRows, long validationRows, long testRows, long maxUploadBytes) {}

  /** What was accepted: the id to complete the task with. */
  public record Accepted(String uploadId, long validationRows, long testRows, String artifactSha256) {}

  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  public TaskFacts facts(TrainerTasks.TrainerTask task) {
    RecordedSplit split = data.recordedSplit(task.splitId());
    return new TaskFacts(task.projectKey(), task.iteration(), task.algorithm(), split.plan().taskType().code(),
        split.plan().targetColumn(), terms.of(task.projectKey()).primaryMetric(), split.seed(),
        split.counts().train(), split.counts().validation(), split.counts().test(), maxUploadBytes);
  }

  /**
   * Streams a part of the task's split as CSV: the training rows with their target; the validation and
   * test rows without it, each after its {@code row_id} (0, 1, ... in the order written), the id a
   * prediction answers with.
   */
  public void writeRows(TrainerTasks.TrainerTask task, Part part, OutputStream out) {
    BufferedWriter text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    CsvWriter csv = CsvWriter.builder().build(text);
    long[] written = {0};
    int[] target = {-1};
    String targetColumn = data.recordedSplit(task.splitId()).plan().targetColumn();
    data.streamPart(task.splitId(), part, new DataPreparationService.PartRows() {
      @Override
      public void columns(List<String> columns) {
        List<String> header = new ArrayList<>();
        if (part != Part.TRAIN) {
          target[0] = columns.indexOf(targetColumn);
          header.add(ExternalUpload.ROW_ID);
        }
        for (int i = 0; i < columns.size(); i++) {
          if (i != target[0]) {
            header.add(columns.get(i));
          }
        }
        csv.writeRecord(header);
      }

      @Override
      public void row(String[] cells, boolean inSample) {
        List<String> record = new ArrayList<>(cells.length + 1);
        if (part != Part.TRAIN) {
          record.add(Long.toString(written[0]));
        }
        for (int i = 0; i < cells.length; i++) {
          if (i != target[0]) {
            record.add(cells[i] == null ? "" : cells[i]);
          }
        }
        csv.writeRecord(record);
        written[0]++;
      }
    });
    try {
      text.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("Project {}: {} rows of the {} part handed to the trainer of {} (task {})", task.projectKey(),
        written[0], part, task.algorithm(), task.taskId());
  }

  /**
   * Checks an upload against the rows handed out and keeps it for the task; the trainer then
   * completes the task with the id.
   *
   * @throws ExternalUpload.InvalidUploadException naming what to fix
   */
  public Accepted accept(TrainerTasks.TrainerTask task, String worker, InputStream body) {
    byte[] zip;
    try {
      zip = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (zip.length > maxUploadBytes) {
      throw new ExternalUpload.InvalidUploadException("The upload is larger than " + maxUploadBytes
          + " bytes (mlpm.training.external-upload-bytes).");
    }
    RecordedSplit split = data.recordedSplit(task.splitId());
    ExternalUpload.Facts facts = ExternalUpload.check(zip, split.plan().taskType(), split.counts().validation(),
        split.counts().test(), 16 * maxUploadBytes, maxUploadBytes);
    String id = UUID.randomUUID().toString();
    // One upload per task is kept: a later one replaces what the task was not yet completed with.
    jdbc.update("DELETE FROM mlpm_external_upload WHERE external_task_id = ? AND submitted_at IS NULL", task.taskId());
    jdbc.update("INSERT INTO mlpm_external_upload (id, external_task_id, worker, project_key, split_id, iteration,"
        + " algorithm, upload, upload_sha256, artifact_format, artifact_sha256, parameters_json, description,"
        + " code_repository, code_commit, validation_rows, test_rows, created_at) VALUES"
        + " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", id, task.taskId(), worker, task.projectKey(), task.splitId(),
        task.iteration(), task.algorithm(), zip, HexFormat.of().formatHex(ExternalUpload.sha256().digest(zip)),
        facts.artifactFormat(), facts.artifactSha256(), json(facts.parameters()), facts.description(),
        facts.codeRepository(), facts.codeCommit(), facts.validationRows(), facts.testRows(),
        Timestamp.from(Instant.now()));
    LOG.info("Project {}: upload {} of {} accepted from {} for task {}: {} validation and {} test predictions,"
        + " artifact {} ({} bytes, {})", task.projectKey(), id, task.algorithm(), worker, task.taskId(),
        facts.validationRows(), facts.testRows(), facts.artifactSha256().substring(0, 12), facts.artifactBytes(),
        facts.artifactFormat());
    return new Accepted(id, facts.validationRows(), facts.testRows(), facts.artifactSha256());
  }

  /** Whether the upload was accepted for this task from this worker (what the task may be completed with). */
  public boolean acceptedFor(String uploadId, String taskId, String worker) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_external_upload WHERE id = ? AND external_task_id = ?"
        + " AND worker = ?", Integer.class, uploadId, taskId, worker);
    return n != null && n > 0;
  }

  /**
   * The trainer completed its task with the upload: it is the candidate's, to be graded.
   *
   * @throws IllegalStateException when it is not an upload accepted for this project, iteration and candidate
   */
  public void submitted(String uploadId, String projectKey, int iteration, String algorithm) {
    int n = uploadId == null ? 0 : jdbc.update("UPDATE mlpm_external_upload SET submitted_at = COALESCE(submitted_at, ?)"
        + " WHERE id = ? AND project_key = ? AND iteration = ? AND algorithm = ?", Timestamp.from(Instant.now()),
        uploadId, projectKey, iteration, algorithm);
    if (n != 1) {
      throw new IllegalStateException("The task of " + algorithm + " (project " + projectKey + ", iteration "
          + iteration + ") was completed without an upload accepted for it ('" + uploadId + "'): complete it"
          + " with the uploadId its trainer's upload was accepted with.");
    }
  }

  /**
   * Grades the iteration's submitted uploads not graded yet: each becomes a candidate model version
   * with its validation metrics, computed here on the rows of the validation sample the built-in
   * candidates are selected on, from labels the trainer never saw.
   *
   * @return the candidates' model version ids
   */
  public List<Long> grade(String projectKey, int iteration) {
    List<String> ids = jdbc.queryForList("SELECT id FROM mlpm_external_upload WHERE project_key = ? AND iteration = ?"
        + " AND submitted_at IS NOT NULL AND model_version_id IS NULL ORDER BY submitted_at", String.class,
        projectKey, iteration);
    List<Long> graded = new ArrayList<>();
    for (String id : ids) {
      Long version = grade(id);
      if (version != null) {
        graded.add(version);
      }
    }
    if (registry.candidates(projectKey, iteration).isEmpty()) {
      List<String> why = givenUp(projectKey, iteration);
      throw new NoCandidateException("Iteration " + iteration + " has no candidate to select: "
          + (why.isEmpty() ? "no external trainer completed its task" : String.join("; ", why)) + ".");
    }
    return graded;
  }

  /** @return the candidate's model version id, or null when another grading took the upload first */
  private Long grade(String uploadId) {
    Map<String, Object> u = jdbc.queryForMap("SELECT * FROM mlpm_external_upload WHERE id = ?", uploadId);
    long splitId = ((Number) u.get("split_id")).longValue();
    RecordedSplit split = data.recordedSplit(splitId);
    TaskType type = split.plan().taskType();
    byte[] zip = (byte[]) u.get("upload");
    List<String> inputs = new ArrayList<>();
    String target = split.plan().targetColumn();
    ModelEvaluator.Scoring scoring = score(splitId, Part.VALIDATION, type, target, zip, true, new PredictedRows() {
      @Override
      public void columns(List<String> columns) {
        columns.stream().filter(c -> !c.equals(target)).forEach(inputs::add);
      }

      @Override
      public void row(String[] cells, boolean inSample, Prediction prediction) {
        // only the columns are wanted
      }
    });
    Map<String, Double> validation = scoring.metrics();
    String algorithm = (String) u.get("algorithm");
    String projectKey = (String) u.get("project_key");
    int iteration = ((Number) u.get("iteration")).intValue();
    byte[] artifact;
    try (InputStream in = ExternalUpload.entry(zip, ExternalUpload.ARTIFACT)) {
      artifact = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String code = codeVersion((String) u.get("code_repository"), (String) u.get("code_commit"));
    String provenance = "Trained outside the orchestrator by " + algorithm + " (worker " + u.get("worker") + ", task "
        + u.get("external_task_id") + "): " + u.get("description") + "\nCode: " + code + "\nArtifact: "
        + u.get("artifact_format") + ", SHA-256 " + u.get("artifact_sha256") + " (opaque, never loaded here)"
        + "\nUpload " + uploadId + ", SHA-256 " + u.get("upload_sha256");
    String features = inputsOnly(type, target, inputs);
    // One transaction from the claim to the record: a second grading (another node, a retry) finds the
    // upload taken and adds nothing; a failure half-way adds nothing either.
    Long id = transaction.execute(status -> {
      if (jdbc.update("UPDATE mlpm_external_upload SET model_version_id = -1 WHERE id = ? AND model_version_id IS NULL",
          uploadId) == 0) {
        return null;
      }
      long version = registry.addCandidate(new NewModelVersion(projectKey, iteration, algorithm, type.code(),
          target, splitId, split.datasetSha256(), split.seed(), (String) u.get("parameters_json"),
          features, provenance, artifact));
      registry.recordCode(version, uploadId, (String) u.get("artifact_format"), code);
      registry.recordTuning(version, json(validation), "[]");
      registry.recordTrainingRows(version, String.format(java.util.Locale.ROOT, "trained outside on the %,d"
          + " training rows handed out; selected on %,d validation rows graded here (the validation sample the"
          + " built-in candidates are selected on)", split.counts().train(), scoring.rows()));
      jdbc.update("UPDATE mlpm_external_upload SET model_version_id = ? WHERE id = ?", version, uploadId);
      return version;
    });
    if (id == null) {
      LOG.info("Project {}: upload {} was graded already", projectKey, uploadId);
      return null;
    }
    LOG.info("Project {}: external candidate {} ({}) graded on {} validation rows: {}", projectKey, id, algorithm,
        scoring.rows(), validation);
    return id;
  }

  /**
   * The test metrics of an external candidate, computed from its uploaded test predictions and the
   * labels of every test row; ROC AUC on the test part's seeded sample, as for built-in candidates.
   *
   * @param each also given every test row and its prediction (the champion is scored on the same rows, the
   *     report drawn from the sample), or null
   */
  public ModelEvaluator.Scoring scoreTest(ModelVersion candidate, PredictedRows each) {
    byte[] zip = jdbc.queryForObject("SELECT upload FROM mlpm_external_upload WHERE id = ?", byte[].class,
        candidate.externalUploadId());
    return score(candidate.splitId(), Part.TEST, TaskType.fromCode(candidate.taskType()).orElseThrow(),
        candidate.targetColumn(), zip, false, each);
  }

  /**
   * Streams the part with its labels beside the upload's predictions of it, in the order handed out.
   *
   * @param sampleOnly metrics on the part's seeded sample alone (validation); else on every row, ROC AUC
   *     on the sample (test)
   */
  private ModelEvaluator.Scoring score(long splitId, Part part, TaskType type, String target, byte[] zip,
      boolean sampleOnly, PredictedRows each) {
    String name = part == Part.TEST ? ExternalUpload.TEST : ExternalUpload.VALIDATION;
    ModelEvaluator.Scoring[] scoring = {null};
    try (InputStream entry = ExternalUpload.entry(zip, name);
        ExternalUpload.Predictions predictions = new ExternalUpload.Predictions(entry, name, type)) {
      data.streamPart(splitId, part, new DataPreparationService.PartRows() {
        @Override
        public void columns(List<String> columns) {
          scoring[0] = new ModelEvaluator.Scoring(type, columns, target);
          if (each != null) {
            each.columns(columns);
          }
        }

        @Override
        public void row(String[] cells, boolean inSample) {
          Prediction p = predictions.next();
          if (p == null) {
            throw new IllegalStateException(name + " of the upload ends before the " + part + " rows do.");
          }
          String actual = cells[scoring[0].target()];
          if (actual != null && (inSample || !sampleOnly)) {
            scoring[0].addPredicted(actual, p, inSample);
          }
          if (each != null) {
            each.row(cells, inSample, p);
          }
        }
      });
      if (predictions.next() != null) {
        throw new IllegalStateException(name + " of the upload has more predictions than the " + part + " rows.");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scoring[0];
  }

  /**
   * The columns an external model was given, by name alone: how its trainer encoded them is its own
   * (the drift baseline and the model card read the names).
   */
  static String inputsOnly(TaskType type, String target, List<String> inputs) {
    return new FeatureSchema(FeatureSchema.CURRENT_VERSION, type, target,
        inputs.stream().map(c -> new FeatureColumn(c, null, null, null, null, null)).toList(), List.of(), null, null)
        .toJson();
  }

  /** The rows of a part as they stream, each with the upload's prediction of it. */
  public interface PredictedRows {
    /** The part's columns, the target's included, before the first row. */
    void columns(List<String> columns);

    void row(String[] cells, boolean inSample, Prediction prediction);
  }

  /** No candidate of the iteration is left to select: every one failed or was given up. */
  public static final class NoCandidateException extends IllegalStateException {
    public NoCandidateException(String message) {
      super(message);
    }
  }

  /** "repository@commit", or what of it was reported. */
  static String codeVersion(String repository, String commit) {
    if (repository == null && commit == null) {
      return "not reported by the trainer";
    }
    return (repository == null ? "(repository not reported)" : repository) + "@"
        + (commit == null ? "(commit not reported)" : commit);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
