package io.mlpm.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The stored {@link EvaluationReport} of each model version (table {@code mlpm_evaluation_report}). */
@Repository
public class EvaluationReports {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final JdbcTemplate jdbc;

  public EvaluationReports(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the report, replacing an earlier one of the same model version. */
  @Transactional
  public void save(long modelVersionId, EvaluationReport report) {
    String json = toJson(report);
    jdbc.update("DELETE FROM mlpm_evaluation_report WHERE model_version_id = ?", modelVersionId);
    jdbc.update("INSERT INTO mlpm_evaluation_report (model_version_id, report_json, created_at) VALUES (?,?,?)",
        modelVersionId, json, Timestamp.from(Instant.now()));
  }

  public Optional<EvaluationReport> find(long modelVersionId) {
    return jdbc.queryForList("SELECT report_json FROM mlpm_evaluation_report WHERE model_version_id = ?",
        String.class, modelVersionId).stream().findFirst().map(EvaluationReports::fromJson);
  }

  public static String toJson(EvaluationReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the evaluation report as JSON", e);
    }
  }

  public static EvaluationReport fromJson(String json) {
    try {
      return JSON.readValue(json, EvaluationReport.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored evaluation report is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
