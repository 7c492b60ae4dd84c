package io.mlpm.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Policy change proposals; a proposal's status moves once, from PROPOSED to DEPLOYED or REJECTED. */
@Repository
public class PolicyChanges {

  private final JdbcTemplate jdbc;

  public PolicyChanges(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  long propose(String decisionKey, String dmnXml, String reason, String user) {
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(c -> {
      var s = c.prepareStatement("INSERT INTO mlpm_policy_change (decision_key, dmn_xml, reason, proposed_by,"
          + " proposed_at, status) VALUES (?,?,?,?,?,?)", new String[] {"id"});
      s.setString(1, decisionKey);
      s.setString(2, dmnXml);
      s.setString(3, reason);
      s.setString(4, user);
      s.setTimestamp(5, Timestamp.from(Instant.now()));
      s.setString(6, PolicyChange.Status.PROPOSED.name());
      return s;
    }, keys);
    return keys.getKey().longValue();
  }

  /** Moves a proposal on, once: false when it was no longer PROPOSED (nothing changed). */
  boolean close(long id, PolicyChange.Status status, String decidedBy, Integer deployedVersion) {
    return jdbc.update("UPDATE mlpm_policy_change SET status = ?, decided_by = ?, decided_at = ?, deployed_version = ?"
        + " WHERE id = ? AND status = ?", status.name(), decidedBy, Timestamp.from(Instant.now()), deployedVersion, id,
        PolicyChange.Status.PROPOSED.name()) == 1;
  }

  public Optional<PolicyChange> find(long id) {
    return jdbc.query("SELECT * FROM mlpm_policy_change WHERE id = ?", PolicyChanges::map, id).stream().findFirst();
  }

  public List<PolicyChange> list() {
    return jdbc.query("SELECT * FROM mlpm_policy_change ORDER BY id", PolicyChanges::map);
  }

  private static PolicyChange map(ResultSet rs, int row) throws SQLException {
    Timestamp decided = rs.getTimestamp("decided_at");
    return new PolicyChange(rs.getLong("id"), rs.getString("decision_key"), rs.getString("dmn_xml"),
        rs.getString("reason"), rs.getString("proposed_by"), rs.getTimestamp("proposed_at").toInstant(),
        PolicyChange.Status.valueOf(rs.getString("status")), rs.getString("decided_by"),
        decided == null ? null : decided.toInstant(), (Integer) rs.getObject("deployed_version", Integer.class));
  }
}
