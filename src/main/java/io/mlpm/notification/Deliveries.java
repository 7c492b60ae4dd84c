package io.mlpm.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Each event's deliveries, one per e-mail recipient and per webhook, with every attempt's result: the delivery log. */
@Repository
public class Deliveries {

  static final String MAIL = "MAIL";
  static final String WEBHOOK = "WEBHOOK";
  static final String PENDING = "PENDING";
  static final String SENT = "SENT";
  static final String FAILED = "FAILED";
  private static final int MAX_RESULT = 1000;
  private final JdbcTemplate jdbc;

  public Deliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void add(long eventId, String channel, String target, Long webhookId, Instant at) {
    jdbc.update("INSERT INTO mlpm_delivery (event_id, channel, target, webhook_id, status, attempts, next_attempt_at)"
        + " VALUES (?,?,?,?,?,0,?)", eventId, channel, target, webhookId, PENDING, Timestamp.from(at));
  }

  /** A delivery to attempt now, with its event. */
  record Due(long id, long eventId, String channel, String target, Long webhookId, int attempts) {}

  List<Due> due(Instant now, int limit) {
    return jdbc.query("SELECT id, event_id, channel, target, webhook_id, attempts FROM mlpm_delivery WHERE status = ?"
        + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id FETCH FIRST " + limit + " ROWS ONLY",
        (rs, i) -> new Due(rs.getLong("id"), rs.getLong("event_id"), rs.getString("channel"), rs.getString("target"),
            (Long) rs.getObject("webhook_id", Long.class), rs.getInt("attempts")), PENDING, Timestamp.from(now));
  }

  void sent(long id, Instant at, String result) {
    jdbc.update("UPDATE mlpm_delivery SET status = ?, attempts = attempts + 1, last_attempt_at = ?, sent_at = ?,"
        + " last_result = ? WHERE id = ?", SENT, Timestamp.from(at), Timestamp.from(at), clip(result), id);
  }

  /** A failed attempt: tried again at {@code next}, or given up when {@code next} is null. */
  void failed(long id, Instant at, String result, Instant next) {
    jdbc.update("UPDATE mlpm_delivery SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_result = ?,"
        + " next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ?", next == null ? FAILED : PENDING,
        Timestamp.from(at), clip(result), next == null ? null : Timestamp.from(next), id);
  }

  private static final String LOG = "SELECT d.id, d.event_id, o.event_type, o.project_key, d.channel, d.target,"
      + " d.status, d.attempts, d.last_attempt_at, d.next_attempt_at, d.last_result, d.sent_at FROM mlpm_delivery d"
      + " JOIN mlpm_outbox o ON o.id = d.event_id ";

  /**
   * Deletes the deliveries that ended (sent or given up) before {@code before}, then the events
   * left without any: the log stays bounded; pending ones are never deleted.
   *
   * @return deliveries deleted
   */
  @org.springframework.transaction.annotation.Transactional
  public int deleteEndedBefore(Instant before) {
    Timestamp t = Timestamp.from(before);
    int deleted = jdbc.update("DELETE FROM mlpm_delivery WHERE status <> ? AND COALESCE(sent_at, last_attempt_at,"
        + " next_attempt_at) < ?", PENDING, t);
    jdbc.update("DELETE FROM mlpm_outbox WHERE dispatched_at < ? AND NOT EXISTS (SELECT 1 FROM mlpm_delivery d"
        + " WHERE d.event_id = mlpm_outbox.id)", t);
    return deleted;
  }

  /** The newest deliveries to a webhook, newest first. */
  public List<Map<String, Object>> ofWebhook(long webhookId, int limit) {
    return jdbc.query(LOG + "WHERE d.webhook_id = ? ORDER BY d.id DESC FETCH FIRST " + limit + " ROWS ONLY",
        Deliveries::logEntry, webhookId);
  }

  /** The newest deliveries of every kind, newest first (the administrators' log). */
  public List<Map<String, Object>> latest(int limit) {
    return jdbc.query(LOG + "ORDER BY d.id DESC FETCH FIRST " + limit + " ROWS ONLY", Deliveries::logEntry);
  }

  private static Map<String, Object> logEntry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Map<String, Object> e = new java.util.LinkedHashMap<>();
    e.put("id", rs.getLong("id"));
    e.put("eventId", rs.getLong("event_id"));
    e.put("event", rs.getString("event_type"));
    e.put("project", rs.getString("project_key"));
    e.put("channel", rs.getString("channel"));
    e.put("target", rs.getString("target"));
    e.put("status", rs.getString("status"));
    e.put("attempts", rs.getInt("attempts"));
    e.put("lastAttemptAt", instant(rs.getTimestamp("last_attempt_at")));
    e.put("nextAttemptAt", SENT.equals(rs.getString("status")) ? null : instant(rs.getTimestamp("next_attempt_at")));
    e.put("lastResult", rs.getString("last_result"));
    e.put("sentAt", instant(rs.getTimestamp("sent_at")));
    return e;
  }

  private static String instant(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  private static String clip(String s) {
    return s == null || s.length() <= MAX_RESULT ? s : s.substring(0, MAX_RESULT - 1) + "…";
  }
}
