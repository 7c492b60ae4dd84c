package io.mlpm.serving;

import io.mlpm.governance.AuditTrail;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.ServingToken;
import io.mlpm.security.ServingTokenAuthenticator;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import io.mlpm.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tokens of serving systems, each scoped to one project. The secret is 256 random bits, shown once
 * when created; only its SHA-256 is stored (a fast hash is enough for a random secret of that
 * size, and it keeps a prediction request at one indexed lookup). Creation and revocation are in
 * the project's audit trail; the last use is kept to the minute.
 */
@Service
public class ServingTokens implements ServingTokenAuthenticator {

  static final String PREFIX = "mlpm_";
  static final int MAX_NAME = 255;
  /** Writing the last use at most once a minute per token keeps serving free of writes. */
  private static final long LAST_USE_PRECISION_MILLIS = 60_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final ProjectRepository projects;
  private final AuditTrail audit;

  public ServingTokens(JdbcTemplate jdbc, ProjectRepository projects, AuditTrail audit) {
    this.jdbc = jdbc;
    this.projects = projects;
    this.audit = audit;
  }

  /** A new token; the returned map is the only place its secret ever appears. */
  @Transactional
  public Map<String, Object> create(String projectKey, String name, String createdBy) {
    projects.require(projectKey);
    if (name == null || name.isBlank()) {
      throw new BadRequestException("'name' is required: say which system will use the token.");
    }
    if (name.strip().length() > MAX_NAME) {
      throw new BadRequestException("'name' is longer than " + MAX_NAME + " characters.");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Timestamp now = Timestamp.from(Instant.now());
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_serving_token (project_key, name, secret_sha256, created_by,"
          + " created_at) VALUES (?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setString(2, name.strip());
      ps.setString(3, sha256(secret));
      ps.setString(4, createdBy);
      ps.setTimestamp(5, now);
      return ps;
    }, key);
    long id = key.getKey().longValue();
    audit.record(projectKey, createdBy, "token-created", "Serving token " + id + " '" + name.strip() + "'");
    Map<String, Object> view = view(find(projectKey, id));
    view.put("token", secret);
    return view;
  }

  public List<Map<String, Object>> list(String projectKey) {
    projects.require(projectKey);
    return jdbc.queryForList("SELECT * FROM mlpm_serving_token WHERE project_key = ? ORDER BY id", projectKey)
        .stream().map(ServingTokens::view).toList();
  }

  @Transactional
  public Map<String, Object> revoke(String projectKey, long id, String revokedBy) {
    projects.require(projectKey);
    Map<String, Object> row = find(projectKey, id);
    if (row.get("revoked_at") != null) {
      throw new ConflictException("Token " + id + " of project '" + projectKey + "' was already revoked by "
          + row.get("revoked_by") + ".");
    }
    jdbc.update("UPDATE mlpm_serving_token SET revoked_by = ?, revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
        revokedBy, Timestamp.from(Instant.now()), id);
    audit.record(projectKey, revokedBy, "token-revoked", "Serving token " + id + " '" + row.get("name") + "'");
    return view(find(projectKey, id));
  }

  @Override
  public Optional<ServingToken> authenticate(String secret) {
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, project_key, name, last_used_at FROM"
        + " mlpm_serving_token WHERE secret_sha256 = ? AND revoked_at IS NULL", sha256(secret));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> row = rows.get(0);
    long id = ((Number) row.get("id")).longValue();
    long now = System.currentTimeMillis();
    Object used = row.get("last_used_at");
    if (used == null || millis(used) < now - LAST_USE_PRECISION_MILLIS) {
      jdbc.update("UPDATE mlpm_serving_token SET last_used_at = ? WHERE id = ?", new Timestamp(now), id);
    }
    return Optional.of(new ServingToken(id, (String) row.get("project_key"), (String) row.get("name")));
  }

  private Map<String, Object> find(String projectKey, long id) {
    return jdbc.queryForList("SELECT * FROM mlpm_serving_token WHERE id = ? AND project_key = ?", id, projectKey)
        .stream().findFirst().orElseThrow(() -> new NotFoundException("Project '" + projectKey
            + "' has no serving token " + id + "."));
  }

  private static Map<String, Object> view(Map<String, Object> row) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", row.get("id"));
    v.put("project", row.get("project_key"));
    v.put("name", row.get("name"));
    v.put("createdBy", row.get("created_by"));
    v.put("createdAt", row.get("created_at"));
    v.put("lastUsedAt", row.get("last_used_at"));
    v.put("revokedBy", row.get("revoked_by"));
    v.put("revokedAt", row.get("revoked_at"));
    return v;
  }

  private static long millis(Object timestamp) {
    if (timestamp instanceof Timestamp t) {
      return t.getTime();
    }
    if (timestamp instanceof java.time.OffsetDateTime o) {
      return o.toInstant().toEpochMilli();
    }
    return 0;
  }

  static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
