package io.mlpm.change;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The change requests of every project: proposed, then applied or rejected, never edited. */
@Repository
public class ChangeRequests {

  private final JdbcTemplate jdbc;

  public ChangeRequests(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  long add(String projectKey, String proposedBy, String reason, String changesJson, int fromVersion, boolean complianceCoSign) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_change_request (project_key, proposed_by, reason, changes_json,"
          + " from_version, compliance_cosign, status, created_at) VALUES (?,?,?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setString(2, proposedBy);
      ps.setString(3, reason);
      ps.setString(4, changesJson);
      ps.setInt(5, fromVersion);
      ps.setBoolean(6, complianceCoSign);
      ps.setString(7, ChangeRequest.PROPOSED);
      ps.setTimestamp(8, Timestamp.from(Instant.now()));
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  /** @return false when it was decided already (nothing changed) */
  boolean decide(long id, String status, String outcome, Integer toVersion) {
    return jdbc.update("UPDATE mlpm_change_request SET status = ?, outcome = ?, to_version = ?, decided_at = ?"
        + " WHERE id = ? AND status = ?", status, outcome, toVersion, Timestamp.from(Instant.now()), id,
        ChangeRequest.PROPOSED) == 1;
  }

  /** The change request, its row locked until the transaction ends (one decision at a time). */
  Optional<ChangeRequest> lock(long id) {
    return jdbc.query("SELECT * FROM mlpm_change_request WHERE id = ? FOR UPDATE", ChangeRequests::map, id).stream()
        .findFirst();
  }

  public Optional<ChangeRequest> find(long id) {
    return jdbc.query("SELECT * FROM mlpm_change_request WHERE id = ?", ChangeRequests::map, id).stream().findFirst();
  }

  /** The project's change request waiting for its approval, if there is one. */
  public Optional<ChangeRequest> open(String projectKey) {
    return jdbc.query("SELECT * FROM mlpm_change_request WHERE project_key = ? AND status = ? ORDER BY id",
        ChangeRequests::map, projectKey, ChangeRequest.PROPOSED).stream().findFirst();
  }

  public List<ChangeRequest> of(String projectKey) {
    return jdbc.query("SELECT * FROM mlpm_change_request WHERE project_key = ? ORDER BY id", ChangeRequests::map,
        projectKey);
  }

  private static ChangeRequest map(ResultSet rs, int row) throws SQLException {
    Timestamp decided = rs.getTimestamp("decided_at");
    return new ChangeRequest(rs.getLong("id"), rs.getString("project_key"), rs.getString("proposed_by"),
        rs.getString("reason"), rs.getString("changes_json"), rs.getInt("from_version"), rs.getBoolean("compliance_cosign"),
        rs.getString("status"), rs.getString("outcome"), (Integer) rs.getObject("to_version", Integer.class),
        rs.getTimestamp("created_at").toInstant(), decided == null ? null : decided.toInstant());
  }
}
