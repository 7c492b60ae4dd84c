package io.mlpm.serving;

import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;

import io.mlpm.ml.TaskType;
import io.mlpm.project.ProjectRepository;
import io.mlpm.training.TrainedModel;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the actual outcome of served predictions, once per prediction: feedback drives drift
 * monitoring and with it retraining and rollback, so it is never overwritten, and an outcome the
 * model cannot have (a class it does not know, a regression target that is not a number) is
 * refused. A request is recorded whole or not at all.
 */
@Service
public class FeedbackService {

  /** The size of {@code mlpm_feedback.actual}. */
  static final int MAX_ACTUAL = 4000;
  private final JdbcTemplate jdbc;
  private final ProjectRepository projects;
  private final ServedModels models;
  private final ModelRegistry registry;

  public FeedbackService(JdbcTemplate jdbc, ProjectRepository projects, ServedModels models, ModelRegistry registry) {
    this.registry = registry;
    this.jdbc = jdbc;
    this.projects = projects;
    this.models = models;
  }

  /** One actual outcome for one prediction id. */
  public record Outcome(long predictionId, String actual) {}

  @Transactional
  public int record(String projectKey, List<Outcome> outcomes, String user) {
    projects.require(projectKey);
    Timestamp now = Timestamp.from(Instant.now());
    Set<Long> seen = new HashSet<>();
    for (Outcome o : outcomes) {
      if (o.actual().length() > MAX_ACTUAL) {
        throw new BadRequestException("The actual outcome of prediction " + o.predictionId() + " is "
            + o.actual().length() + " characters long; at most " + MAX_ACTUAL + ".");
      }
      if (!seen.add(o.predictionId())) {
        throw new BadRequestException("Prediction " + o.predictionId() + " appears twice in this request; send one"
            + " outcome per prediction.");
      }
      List<Map<String, Object>> owner = jdbc.queryForList("SELECT project_key, model_version_id FROM mlpm_prediction"
          + " WHERE id = ?", o.predictionId());
      if (owner.isEmpty() || !owner.get(0).get("project_key").equals(projectKey)) {
        throw new BadRequestException("Prediction " + o.predictionId() + " is not a prediction of project '"
            + projectKey + "' (or it is older than the retention bound).");
      }
      check(o, ((Number) owner.get(0).get("model_version_id")).longValue());
      List<String> earlier = jdbc.queryForList("SELECT reported_by FROM mlpm_feedback WHERE prediction_id = ?",
          String.class, o.predictionId());
      if (!earlier.isEmpty()) {
        throw new ConflictException("Prediction " + o.predictionId() + " already has feedback (from " + earlier.get(0)
            + "); an outcome is reported once and never replaced.");
      }
      try {
        jdbc.update("INSERT INTO mlpm_feedback (prediction_id, project_key, actual, reported_by, created_at)"
            + " VALUES (?,?,?,?,?)", o.predictionId(), projectKey, o.actual(), user, now);
      } catch (org.springframework.dao.DuplicateKeyException e) {
        throw new ConflictException("Prediction " + o.predictionId() + " received feedback at the same moment from"
            + " another request; an outcome is reported once and never replaced.");
      }
    }
    return outcomes.size();
  }

  private void check(Outcome o, long modelVersionId) {
    ModelVersion version = registry.get(modelVersionId);
    if (version.external()) {
      // Its classes are the trainer's: an outcome it never predicted is still an outcome (and a miss).
      if (TaskType.fromCode(version.taskType()).orElse(TaskType.CLASSIFICATION) == TaskType.REGRESSION) {
        number(o);
      }
      return;
    }
    TrainedModel model = models.of(version);
    if (model.taskType() == TaskType.CLASSIFICATION) {
      SortedSet<String> classes = model.classes();
      if (!classes.contains(o.actual())) {
        throw new BadRequestException("'" + abbreviate(o.actual()) + "' (prediction " + o.predictionId()
            + ") is not a class of the model; its classes are " + abbreviate(String.join(", ", classes)) + ".");
      }
      return;
    }
    number(o);
  }

  private static void number(Outcome o) {
    try {
      double value = Double.parseDouble(o.actual().strip());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new BadRequestException("'" + abbreviate(o.actual()) + "' (prediction " + o.predictionId()
          + ") is not a finite number, and the model predicts a number.");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  /** Predictions with a reported outcome, newest first, at most {@code limit}. */
  public List<Map<String, Object>> labelled(String projectKey, long modelVersionId, int limit) {
    return jdbc.queryForList("SELECT p.output_json, f.actual FROM mlpm_prediction p JOIN mlpm_feedback f"
        + " ON f.prediction_id = p.id WHERE p.project_key = ? AND p.model_version_id = ? ORDER BY p.id DESC"
        + " LIMIT " + Math.max(1, limit), projectKey, modelVersionId);
  }
}
