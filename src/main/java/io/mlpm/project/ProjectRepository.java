package io.mlpm.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.charter.Charter;
import io.mlpm.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The project rows: charter, phase and status. */
@Repository
public class ProjectRepository {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JdbcTemplate jdbc;

  public ProjectRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public boolean exists(String key) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_project WHERE project_key = ?", Integer.class, key);
    return n != null && n > 0;
  }

  public void create(String key, Charter charter, String startedBy) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, started_by, phase,"
            + " status, charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        key, charter.projectName(), charter.taskType().code(), charter.targetColumn(), charter.sponsor(), startedBy,
        "charter-validation", ProjectStatus.ACTIVE.name(), toJson(charter), now, now);
    jdbc.update("INSERT INTO mlpm_charter_version (project_key, version, charter_json, reason, changed_by, created_at)"
        + " VALUES (?,1,?,?,?,?)", key, toJson(charter), "charter submitted", startedBy, now);
  }

  /** One version of a project's charter, as it was recorded. */
  public record CharterVersion(int version, String charterJson, String reason, String changedBy, String approvedBy,
      Long changeRequestId, Instant createdAt) {}

  /** Locks the project's row until the transaction ends: one change of it at a time, across nodes. */
  public void lock(String key) {
    jdbc.query("SELECT project_key FROM mlpm_project WHERE project_key = ? FOR UPDATE", (rs, i) -> rs.getString(1), key);
  }

  /** The charter in force: its number (1 when the project started). */
  public int charterVersion(String key) {
    Integer v = jdbc.queryForObject("SELECT charter_version FROM mlpm_project WHERE project_key = ?", Integer.class, key);
    return v == null ? 1 : v;
  }

  /** The charter as it is in force now. */
  public Charter charter(String key) {
    try {
      return JSON.readValue(require(key).charterJson(), Charter.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the charter of '" + key + "' cannot be read", e);
    }
  }

  /**
   * Records a new version of the charter and puts it in force, under a lock on the project's row:
   * versions are numbered without gaps, and the old ones stay as they were.
   *
   * @return the new version's number
   */
  @org.springframework.transaction.annotation.Transactional
  public int newCharterVersion(String key, Charter charter, String reason, String changedBy, String approvedBy,
      Long changeRequestId) {
    Integer current = jdbc.queryForObject("SELECT charter_version FROM mlpm_project WHERE project_key = ? FOR UPDATE",
        Integer.class, key);
    int next = (current == null ? 1 : current) + 1;
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_charter_version (project_key, version, charter_json, reason, changed_by, approved_by,"
        + " change_request_id, created_at) VALUES (?,?,?,?,?,?,?,?)", key, next, toJson(charter), reason, changedBy,
        approvedBy, changeRequestId, now);
    jdbc.update("UPDATE mlpm_project SET charter_json = ?, charter_version = ?, updated_at = ? WHERE project_key = ?",
        toJson(charter), next, now, key);
    return next;
  }

  /** Every version of the project's charter, oldest first. */
  public List<CharterVersion> charterVersions(String key) {
    return jdbc.query("SELECT * FROM mlpm_charter_version WHERE project_key = ? ORDER BY version", (rs, i) ->
        new CharterVersion(rs.getInt("version"), rs.getString("charter_json"), rs.getString("reason"),
            rs.getString("changed_by"), rs.getString("approved_by"), (Long) rs.getObject("change_request_id", Long.class),
            rs.getTimestamp("created_at").toInstant()), key);
  }

  public void enterPhase(String key, String phase) {
    jdbc.update("UPDATE mlpm_project SET phase = ?, updated_at = ? WHERE project_key = ?", phase,
        Timestamp.from(Instant.now()), key);
  }

  public void close(String key, ProjectStatus status) {
    jdbc.update("UPDATE mlpm_project SET phase = ?, status = ?, updated_at = ? WHERE project_key = ?",
        "ended", status.name(), Timestamp.from(Instant.now()), key);
  }

  /** The project, or a {@link NotFoundException} (HTTP 404) naming the key. */
  public Project require(String key) {
    return find(key).orElseThrow(() -> new NotFoundException("No project with key '" + key + "'."));
  }

  /** Every project, newest activity first (the portfolio filters and sorts them further). */
  public List<Project> all() {
    return jdbc.query("SELECT * FROM mlpm_project ORDER BY updated_at DESC", ProjectRepository::map);
  }

  public Optional<Project> find(String key) {
    return jdbc.query("SELECT * FROM mlpm_project WHERE project_key = ?", ProjectRepository::map, key).stream()
        .findFirst();
  }

  private static Project map(ResultSet rs, int row) throws SQLException {
    return new Project(rs.getString("project_key"), rs.getString("name"), rs.getString("task_type"),
        rs.getString("target_column"), rs.getString("sponsor"), rs.getString("started_by"), rs.getString("phase"),
        ProjectStatus.valueOf(rs.getString("status")), rs.getString("charter_json"),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
  }

  private static String toJson(Charter charter) {
    try {
      return JSON.writeValueAsString(charter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("charter cannot be written as JSON", e);
    }
  }
}
