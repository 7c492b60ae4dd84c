package io.mlpm.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The append-only sign-off records of every project: inserted, read, never updated or deleted. */
@Repository
public class SignOffRecords {

  private final JdbcTemplate jdbc;

  public SignOffRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Writes the record (its id and time are assigned here); one record per task. */
  public void append(SignOff s) {
    jdbc.update("INSERT INTO mlpm_sign_off (project_key, task_id, task_key, user_id, user_groups, decision, comment,"
        + " decided_at, process_definition_key, process_definition_version, policy_versions, dataset_version_id,"
        + " dataset_sha256, model_id, model_metrics_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        s.projectKey(), s.taskId(), s.taskKey(), s.userId(), String.join(",", s.userGroups()), s.decision(),
        s.comment(), Timestamp.from(s.decidedAt()), s.processDefinitionKey(), s.processDefinitionVersion(),
        s.policyVersions(), s.datasetVersionId(), s.datasetSha256(), s.modelId(), s.modelMetricsJson());
  }

  /** A project's records, oldest first. */
  public List<SignOff> of(String projectKey) {
    return jdbc.query("SELECT * FROM mlpm_sign_off WHERE project_key = ? ORDER BY id", SignOffRecords::map, projectKey);
  }

  /** The newest record of this task kind in the project. */
  public Optional<SignOff> latest(String projectKey, String taskKey) {
    return jdbc.query("SELECT * FROM mlpm_sign_off WHERE project_key = ? AND task_key = ? ORDER BY id DESC",
        SignOffRecords::map, projectKey, taskKey).stream().findFirst();
  }

  private static SignOff map(ResultSet rs, int row) throws SQLException {
    String groups = rs.getString("user_groups");
    return new SignOff(rs.getLong("id"), rs.getString("project_key"), rs.getString("task_id"), rs.getString("task_key"),
        rs.getString("user_id"), groups.isEmpty() ? List.of() : Arrays.asList(groups.split(",")),
        rs.getString("decision"), rs.getString("comment"), rs.getTimestamp("decided_at").toInstant(),
        rs.getString("process_definition_key"), rs.getInt("process_definition_version"),
        rs.getString("policy_versions"), (Long) rs.getObject("dataset_version_id", Long.class),
        rs.getString("dataset_sha256"), (Long) rs.getObject("model_id", Long.class), rs.getString("model_metrics_json"));
  }
}
