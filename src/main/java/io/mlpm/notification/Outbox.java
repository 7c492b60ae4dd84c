package io.mlpm.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The events waiting to be sent. {@link #add} runs in the caller's transaction, so an event exists
 * only if the step that caused it committed; {@link Dispatcher} sends it afterwards.
 */
@Repository
public class Outbox {

  /** Events written by an older release stay readable: fields this one does not know are skipped. */
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final JdbcTemplate jdbc;
  private final NotificationSettings settings;

  public Outbox(JdbcTemplate jdbc, NotificationSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
  }

  /** Records the event (nothing when notifications are off). */
  public void add(Notification n) {
    if (!settings.enabled()) {
      return;
    }
    try {
      jdbc.update("INSERT INTO mlpm_outbox (event_type, project_key, payload_json, created_at) VALUES (?,?,?,?)",
          n.type().id(), n.projectKey(), JSON.writeValueAsString(n), Timestamp.from(Instant.now()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("notification could not be written: " + e.getMessage(), e);
    }
  }

  /** An event not yet fanned out into deliveries; {@code notification} is null when it cannot be read. */
  record Pending(long id, Notification notification, Instant createdAt) {}

  List<Pending> pending(int limit) {
    return jdbc.query("SELECT id, payload_json, created_at FROM mlpm_outbox WHERE dispatched_at IS NULL ORDER BY id"
        + " FETCH FIRST " + limit + " ROWS ONLY", Outbox::map);
  }

  Pending get(long id) {
    return jdbc.queryForObject("SELECT id, payload_json, created_at FROM mlpm_outbox WHERE id = ?", Outbox::map, id);
  }

  private static Pending map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    try {
      return new Pending(rs.getLong("id"), JSON.readValue(rs.getString("payload_json"), Notification.class),
          rs.getTimestamp("created_at").toInstant());
    } catch (JsonProcessingException e) {
      return new Pending(rs.getLong("id"), null, rs.getTimestamp("created_at").toInstant());
    }
  }

  /** @return false when another node marked it first */
  boolean markDispatched(long id) {
    return jdbc.update("UPDATE mlpm_outbox SET dispatched_at = ? WHERE id = ? AND dispatched_at IS NULL",
        Timestamp.from(Instant.now()), id) == 1;
  }
}
