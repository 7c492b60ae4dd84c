package io.mlpm.monitoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** {@code mlpm_model_baseline}: one drift baseline per model version. */
@Repository
public class BaselineRepository {

  private final JdbcTemplate jdbc;

  public BaselineRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the baseline of a model version, replacing an earlier one. */
  public void save(long modelVersionId, DriftBaseline baseline) {
    String json = baseline.toJson();
    Timestamp now = Timestamp.from(Instant.now());
    int updated = jdbc.update("UPDATE mlpm_model_baseline SET baseline_json = ?, created_at = ? WHERE model_version_id = ?",
        json, now, modelVersionId);
    if (updated == 0) {
      try {
        jdbc.update("INSERT INTO mlpm_model_baseline (model_version_id, baseline_json, created_at) VALUES (?,?,?)",
            modelVersionId, json, now);
      } catch (DuplicateKeyException e) {
        // Another node stored it at the same moment, from the same training rows.
        jdbc.update("UPDATE mlpm_model_baseline SET baseline_json = ?, created_at = ? WHERE model_version_id = ?",
            json, now, modelVersionId);
      }
    }
  }

  public Optional<DriftBaseline> find(long modelVersionId) {
    return jdbc.queryForList("SELECT baseline_json FROM mlpm_model_baseline WHERE model_version_id = ?", String.class,
        modelVersionId).stream().findFirst().map(DriftBaseline::fromJson);
  }
}
