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
