package io.mlpm.monitoring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code mlpm_drift_acceptance}: a person looked at a feature's drift and accepted it for a
 * period. Until then the health check still lists the feature but leaves it out of maxPsi.
 */
@Repository
public class DriftAcceptances {

  /** Longest period one acceptance may cover. */
  public static final Duration MAX_PERIOD = Duration.ofDays(366);
  private final JdbcTemplate jdbc;

  public DriftAcceptances(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One accepted feature. */
  public record Acceptance(long id, String projectKey, String feature, String acceptedBy, String reason,
      Instant until, Instant createdAt) {}

  public List<Acceptance> accept(String projectKey, List<String> features, String user, String reason,
      Duration period) {
    return accept(projectKey, features, user, reason, period, Instant.now());
  }

  /**
   * Accepts the drift of each feature from {@code now} for {@code period}.
   *
   * @throws IllegalArgumentException naming the problem; nothing is stored then
   */
  @Transactional
  public List<Acceptance> accept(String projectKey, List<String> features, String user, String reason,
      Duration period, Instant now) {
    if (projectKey == null || projectKey.isBlank()) {
      throw new IllegalArgumentException("Accepting drift needs a project key.");
    }
    if (features == null || features.isEmpty() || features.stream().anyMatch(f -> f == null || f.isBlank())) {
      throw new IllegalArgumentException("Name at least one feature whose drift is accepted (and no empty name).");
    }
    if (features.stream().anyMatch(f -> f.length() > 255)) {
      throw new IllegalArgumentException("A feature name is longer than 255 characters.");
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Accepting drift needs a reason.");
    }
    if (reason.length() > 4000) {
      throw new IllegalArgumentException("The reason has " + reason.length() + " characters; at most 4000.");
    }
    if (period == null || period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
      throw new IllegalArgumentException("The acceptance period must be positive and at most " + MAX_PERIOD.toDays()
          + " days, got " + period + ".");
    }
    Instant until = now.plus(period);
    List<Acceptance> stored = new ArrayList<>();
    for (String feature : new LinkedHashSet<>(features)) {
      GeneratedKeyHolder key = new GeneratedKeyHolder();
      jdbc.update(con -> {
        var ps = con.prepareStatement("INSERT INTO mlpm_drift_acceptance (project_key, feature, accepted_by, reason,"
            + " until, created_at) VALUES (?,?,?,?,?,?)", new String[] {"id"});
        ps.setString(1, projectKey);
        ps.setString(2, feature.strip());
        ps.setString(3, user);
        ps.setString(4, reason.strip());
        ps.setTimestamp(5, Timestamp.from(until));
        ps.setTimestamp(6, Timestamp.from(now));
        return ps;
      }, key);
      stored.add(new Acceptance(key.getKey().longValue(), projectKey, feature.strip(), user, reason.strip(), until,
          now));
    }
    return stored;
  }

  /** Per feature the acceptance that lasts longest among those still running after {@code now}. */
  public Map<String, Acceptance> active(String projectKey, Instant now) {
    Map<String, Acceptance> byFeature = new LinkedHashMap<>();
    jdbc.query("SELECT * FROM mlpm_drift_acceptance WHERE project_key = ? AND until > ? ORDER BY until DESC, id DESC",
        rs -> {
          Acceptance a = map(rs, 0);
          byFeature.putIfAbsent(a.feature(), a);
        }, projectKey, Timestamp.from(now));
    return byFeature;
  }

  /** The newest acceptances of a project, at most {@code limit}. */
  public List<Acceptance> list(String projectKey, int limit) {
    return jdbc.query("SELECT * FROM mlpm_drift_acceptance WHERE project_key = ? ORDER BY id DESC LIMIT "
        + Math.max(1, limit), DriftAcceptances::map, projectKey);
  }

  private static Acceptance map(ResultSet rs, int row) throws SQLException {
    return new Acceptance(rs.getLong("id"), rs.getString("project_key"), rs.getString("feature"),
        rs.getString("accepted_by"), rs.getString("reason"), rs.getTimestamp("until").toInstant(),
        rs.getTimestamp("created_at").toInstant());
  }
}
