package io.mlpm.notification;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Webhook subscriptions: a URL, the event types it wants, optionally one project, and the secret
 * its deliveries are signed with. Deleting one keeps its row (and its delivery log), marked deleted.
 */
@Repository
public class Webhooks {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final JdbcTemplate jdbc;

  public Webhooks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A subscription; {@code secret} is only ever shown to the one who created it. */
  public record Webhook(long id, String url, Set<EventType> events, String projectKey, String secret,
      String createdBy, Instant createdAt) {

    boolean wants(EventType type, String project) {
      return events.contains(type) && (projectKey == null || projectKey.equals(project));
    }
  }

  public Webhook create(String url, Set<EventType> events, String projectKey, String createdBy) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Instant.now();
    String types = events.stream().map(EventType::id).sorted().collect(Collectors.joining(","));
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_webhook (url, event_types, project_key, secret, created_by,"
          + " created_at) VALUES (?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, url);
      ps.setString(2, types);
      ps.setString(3, projectKey);
      ps.setString(4, secret);
      ps.setString(5, createdBy);
      ps.setTimestamp(6, Timestamp.from(now));
      return ps;
    }, key);
    return new Webhook(key.getKey().longValue(), url, events, projectKey, secret, createdBy, now);
  }

  public List<Webhook> active() {
    return jdbc.query("SELECT * FROM mlpm_webhook WHERE deleted_at IS NULL ORDER BY id", (rs, i) -> map(rs));
  }

  /** A subscription that is not deleted. */
  public Optional<Webhook> find(long id) {
    return jdbc.query("SELECT * FROM mlpm_webhook WHERE id = ? AND deleted_at IS NULL", (rs, i) -> map(rs), id)
        .stream().findFirst();
  }

  /** Any subscription, deleted ones too (their pending deliveries are then given up). */
  Optional<Webhook> anyById(long id) {
    return jdbc.query("SELECT * FROM mlpm_webhook WHERE id = ?", (rs, i) -> map(rs), id).stream().findFirst();
  }

  boolean deleted(long id) {
    return Boolean.TRUE.equals(jdbc.queryForObject("SELECT deleted_at IS NOT NULL FROM mlpm_webhook WHERE id = ?",
        Boolean.class, id));
  }

  public boolean delete(long id, String by) {
    return jdbc.update("UPDATE mlpm_webhook SET deleted_by = ?, deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
        by, Timestamp.from(Instant.now()), id) == 1;
  }

  private static Webhook map(java.sql.ResultSet rs) throws java.sql.SQLException {
    Set<EventType> events = Arrays.stream(rs.getString("event_types").split(",")).map(EventType::of)
        .flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());
    return new Webhook(rs.getLong("id"), rs.getString("url"), events, rs.getString("project_key"),
        rs.getString("secret"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant());
  }
}
