package io.mlpm.registry;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Where the models trained outside serve, as the workers that serve them reported it (one record per
 * completed serving task): the project's lasting record of its serving, never a process variable.
 */
@Repository
public class ServingRecords {

  /** One serving task's report: the model it served or withdrew, and where it serves (null: withdrawn). */
  public record ServingRecord(long modelVersionId, String action, String endpoint, String reportedBy,
      Instant reportedAt) {}

  private final JdbcTemplate jdbc;

  public ServingRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @throws org.springframework.dao.DuplicateKeyException when the task was already reported
   */
  public void record(String projectKey, long modelVersionId, String action, String endpoint, String reportedBy,
      String externalTaskId) {
    jdbc.update("INSERT INTO mlpm_model_serving (project_key, model_version_id, action, endpoint, reported_by,"
        + " external_task_id, reported_at) VALUES (?,?,?,?,?,?,?)", projectKey, modelVersionId, action, endpoint,
        reportedBy, externalTaskId, Timestamp.from(Instant.now()));
  }

  /** Where the version serves now: its newest report that named an endpoint, unless a later one withdrew it. */
  public Optional<String> endpointOf(String projectKey, long modelVersionId) {
    return history(projectKey).stream().filter(r -> r.modelVersionId() == modelVersionId).findFirst()
        .map(ServingRecord::endpoint);
  }

  /** Newest first. */
  public List<ServingRecord> history(String projectKey) {
    return jdbc.query("SELECT model_version_id, action, endpoint, reported_by, reported_at FROM mlpm_model_serving"
        + " WHERE project_key = ? ORDER BY id DESC", (rs, i) -> new ServingRecord(rs.getLong(1), rs.getString(2),
        rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()), projectKey);
  }
}
