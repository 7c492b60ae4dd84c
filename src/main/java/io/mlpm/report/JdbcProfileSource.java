package io.mlpm.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.profile.DatasetProfile;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the newest {@code mlpm_dataset_profile} row of a project, with the project's name. */
@Repository
public class JdbcProfileSource implements ProfileSource {

  // Profiles outlive code versions: ignore fields this version does not know; accept NaN figures.
  static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS, true);
  private static final TypeReference<List<Map<String, Object>>> FINDINGS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;

  public JdbcProfileSource(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<ReportData> latest(String projectKey) {
    return jdbc.query("SELECT p.project_key, p.name, d.dataset_uri, d.sha256, d.profile_json, d.findings_json,"
            + " d.verdict, d.created_at FROM mlpm_dataset_profile d JOIN mlpm_project p ON p.project_key = d.project_key"
            + " WHERE d.project_key = ? ORDER BY d.id DESC FETCH FIRST 1 ROWS ONLY",
        (rs, n) -> new ReportData(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            read(rs.getString(5), DatasetProfile.class), findings(rs.getString(6)), rs.getString(7),
            newerProblem(projectKey, rs.getTimestamp(8))),
        projectKey).stream().findFirst();
  }

  /**
   * Why the project's newest data check, made after this profile, could not use its file (it could
   * not be read, or it changed after its sign-off), or null when there is no such check.
   */
  private String newerProblem(String projectKey, java.sql.Timestamp profiled) {
    return jdbc.query("SELECT dataset_uri, findings_json FROM mlpm_data_check WHERE project_key = ?"
            + " AND created_at > ? AND verdict = 'FAIL' ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
        (rs, n) -> findings(rs.getString(2)).stream()
            .filter(f -> "readable".equals(f.get("check")) || "changed".equals(f.get("check")))
            .map(f -> String.valueOf(f.get("message"))).findFirst().orElse(null),
        projectKey, profiled).stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
  }

  private static List<Map<String, Object>> findings(String json) {
    return json == null || json.isBlank() ? List.of() : read(json, FINDINGS);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("A stored dataset profile is not readable: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("Stored data check findings are not readable: " + e.getOriginalMessage(), e);
    }
  }
}
