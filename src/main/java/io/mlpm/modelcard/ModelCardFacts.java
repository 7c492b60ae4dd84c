package io.mlpm.modelcard;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the data facts of a model version's split and dataset version for its card. */
@Repository
public class ModelCardFacts {

  private final JdbcTemplate jdbc;

  public ModelCardFacts(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The recorded split (sizes, plan JSON), or empty when it is not recorded. */
  public Optional<Map<String, Object>> split(long splitId) {
    return jdbc.queryForList("SELECT * FROM mlpm_data_split WHERE id = ?", splitId).stream().findFirst();
  }

  /** The dataset version with this fingerprint (row and column counts, first file name). */
  public Optional<Map<String, Object>> datasetVersion(String sha256) {
    List<Map<String, Object>> rows = jdbc.queryForList(
        "SELECT row_count, column_count, first_uri FROM mlpm_dataset_version WHERE sha256 = ?", sha256);
    return rows.stream().findFirst();
  }
}
