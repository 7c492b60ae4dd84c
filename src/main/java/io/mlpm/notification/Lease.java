package io.mlpm.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Work that one node of a cluster does at a time: a node holds a named lease while it is not
 * expired and renews it as it goes; a dead node's lease expires and another takes it. One
 * conditional UPDATE, so it works the same on H2 and PostgreSQL.
 */
@Component
public class Lease {

  private final JdbcTemplate jdbc;
  /** This node, for as long as it runs. */
  private final String node;

  @org.springframework.beans.factory.annotation.Autowired
  public Lease(JdbcTemplate jdbc) {
    this(jdbc, UUID.randomUUID().toString());
  }

  /** A lease holder with this name (tests stand in for a second node with it). */
  public Lease(JdbcTemplate jdbc, String node) {
    this.jdbc = jdbc;
    this.node = node;
  }

  /** Takes or renews the lease until {@code now + duration}; false while another node holds it. */
  public boolean hold(String name, Instant now, Duration duration) {
    return jdbc.update("UPDATE mlpm_lease SET holder = ?, expires_at = ? WHERE name = ? AND (holder = ? OR holder IS NULL"
        + " OR expires_at < ?)", node, Timestamp.from(now.plus(duration)), name, node, Timestamp.from(now)) == 1;
  }
}
