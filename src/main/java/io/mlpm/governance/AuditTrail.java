package io.mlpm.governance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Who did what to which project, and why: the record compliance reads. */
@Component
public class AuditTrail {

  private static final int MAX_DETAIL = 4000;
  private final JdbcTemplate jdbc;

  public AuditTrail(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void record(String projectKey, String actor, String action, String detail) {
    String d = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    jdbc.update("INSERT INTO mlpm_audit (project_key, actor, action, detail, created_at) VALUES (?,?,?,?,?)",
        projectKey, actor, action, d, Timestamp.from(Instant.now()));
  }

  /** Everyone who took this action on the project (e.g. completed a reviewIteration). */
  public java.util.Set<String> actors(String projectKey, String action) {
    return new java.util.HashSet<>(jdbc.queryForList("SELECT DISTINCT actor FROM mlpm_audit WHERE project_key = ?"
        + " AND action = ? AND actor IS NOT NULL", String.class, projectKey, action));
  }

  public List<Map<String, Object>> list(String projectKey) {
    return jdbc.queryForList("SELECT actor, action, detail, created_at FROM mlpm_audit WHERE project_key = ? ORDER BY id",
        projectKey);
  }
}
