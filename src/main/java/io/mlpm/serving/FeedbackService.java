package io.mlpm.serving;

import io.mlpm.project.ProjectRepository;
import io.mlpm.web.BadRequestException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records actual outcomes of served predictions; a later report for the same prediction replaces it. */
@Service
public class FeedbackService {

  private final JdbcTemplate jdbc;
  private final ProjectRepository projects;

  public FeedbackService(JdbcTemplate jdbc, ProjectRepository projects) {
    this.jdbc = jdbc;
    this.projects = projects;
  }

  /** One actual outcome for one prediction id. */
  public record Outcome(long predictionId, String actual) {}

  @Transactional
  public int record(String projectKey, List<Outcome> outcomes, String user) {
    projects.require(projectKey);
    Timestamp now = Timestamp.from(Instant.now());
    for (Outcome o : outcomes) {
      List<String> owner = jdbc.queryForList("SELECT project_key FROM mlpm_prediction WHERE id = ?", String.class,
          o.predictionId());
      if (owner.isEmpty() || !owner.get(0).equals(projectKey)) {
        throw new BadRequestException("Prediction " + o.predictionId() + " is not a prediction of project '"
            + projectKey + "' (or it is older than the retention bound).");
      }
      jdbc.update("DELETE FROM mlpm_feedback WHERE prediction_id = ?", o.predictionId());
      jdbc.update("INSERT INTO mlpm_feedback (prediction_id, project_key, actual, reported_by, created_at)"
          + " VALUES (?,?,?,?,?)", o.predictionId(), projectKey, o.actual(), user, now);
    }
    return outcomes.size();
  }

  /** Predictions with a reported outcome, newest first, at most {@code limit}. */
  public List<Map<String, Object>> labelled(String projectKey, long modelVersionId, int limit) {
    return jdbc.queryForList("SELECT p.output_json, f.actual FROM mlpm_prediction p JOIN mlpm_feedback f"
        + " ON f.prediction_id = p.id WHERE p.project_key = ? AND p.model_version_id = ? ORDER BY p.id DESC"
        + " LIMIT " + Math.max(1, limit), projectKey, modelVersionId);
  }
}
