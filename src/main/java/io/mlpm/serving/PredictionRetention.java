package io.mlpm.serving;

import io.mlpm.MlpmProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the prediction log bounded: the newest predictions of each project, and their feedback. */
@Component
public class PredictionRetention {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionRetention.class);
  private final JdbcTemplate jdbc;
  private final int keep;

  public PredictionRetention(JdbcTemplate jdbc, MlpmProperties properties) {
    this.jdbc = jdbc;
    this.keep = properties.serving().maxPredictionsPerProject();
  }

  @Scheduled(fixedDelayString = "${mlpm.serving.retention-check-interval:PT10M}", initialDelayString = "PT1M")
  public void trimAll() {
    for (String project : jdbc.queryForList("SELECT DISTINCT project_key FROM mlpm_prediction", String.class)) {
      trim(project);
    }
  }

  /** @return how many predictions were removed */
  public int trim(String projectKey) {
    List<Long> boundary = jdbc.queryForList("SELECT id FROM mlpm_prediction WHERE project_key = ? ORDER BY id DESC"
        + " LIMIT 1 OFFSET ?", Long.class, projectKey, keep);
    if (boundary.isEmpty()) {
      return 0;
    }
    long oldestRemoved = boundary.get(0);
    jdbc.update("DELETE FROM mlpm_feedback WHERE project_key = ? AND prediction_id <= ?", projectKey, oldestRemoved);
    int removed = jdbc.update("DELETE FROM mlpm_prediction WHERE project_key = ? AND id <= ?", projectKey,
        oldestRemoved);
    LOG.info("Project {}: removed {} predictions beyond the newest {}", projectKey, removed, keep);
    return removed;
  }
}
