package io.mlpm.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** {@code mlpm_health_check}: every health report with the verdict the policy gave it. */
@Repository
public class HealthChecks {

  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;

  public HealthChecks(JdbcTemplate jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /** Published in the saving transaction, so what listens (notifications) commits or rolls back with it. */
  public record Judged(long checkId, String projectKey, Integer modelVersion, String verdict, String summary) {}

  /** A stored check. */
  public record HealthCheck(long id, String projectKey, Long modelVersionId, String verdict, HealthReport report,
      Instant createdAt) {}

  /** @return the id of the stored check */
  public long save(String projectKey, HealthReport report, String verdict) {
    if (verdict == null || verdict.isBlank() || verdict.strip().length() > 16) {
      throw new IllegalArgumentException("A health check verdict must be 1 to 16 characters, got '" + verdict + "'.");
    }
    if (!projectKey.equals(report.projectKey())) {
      throw new IllegalArgumentException("The report is of project '" + report.projectKey() + "', not '" + projectKey
          + "'.");
    }
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_health_check (project_key, model_version_id, verdict,"
          + " report_json, created_at) VALUES (?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      if (report.modelVersionId() == null) {
        ps.setNull(2, Types.BIGINT);
      } else {
        ps.setLong(2, report.modelVersionId());
      }
      ps.setString(3, verdict.strip());
      ps.setString(4, report.toJson());
      ps.setTimestamp(5, Timestamp.from(Instant.now()));
      return ps;
    }, key);
    long id = key.getKey().longValue();
    events.publishEvent(new Judged(id, projectKey, report.modelVersion(), verdict.strip(), report.summary()));
    return id;
  }

  public Optional<HealthCheck> latest(String projectKey) {
    return jdbc.query("SELECT * FROM mlpm_health_check WHERE project_key = ? ORDER BY id DESC LIMIT 1",
        HealthChecks::map, projectKey).stream().findFirst();
  }

  /** Every check of the project, oldest first. */
  public List<HealthCheck> all(String projectKey) {
    return jdbc.query("SELECT * FROM mlpm_health_check WHERE project_key = ? ORDER BY id", HealthChecks::map, projectKey);
  }

  public Optional<HealthCheck> find(long id) {
    return jdbc.query("SELECT * FROM mlpm_health_check WHERE id = ?", HealthChecks::map, id).stream().findFirst();
  }

  private static HealthCheck map(ResultSet rs, int row) throws SQLException {
    long model = rs.getLong("model_version_id");
    Long modelVersionId = rs.wasNull() ? null : model;
    return new HealthCheck(rs.getLong("id"), rs.getString("project_key"), modelVersionId, rs.getString("verdict"),
        HealthReport.fromJson(rs.getString("report_json")), rs.getTimestamp("created_at").toInstant());
  }
}
