package io.mlpm.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Model versions, their stages and every stage transition. One production version per project. */
@Repository
public class ModelRegistry {

  private static final String COLUMNS = "id, project_key, version, iteration, algorithm, stage, task_type,"
      + " target_column, split_id, dataset_sha256, seed, parameters_json, metrics_json, criteria_json, criteria_met,"
      + " feature_schema_json, provenance, approved_by, created_at, validation_metrics_json, trials_json, selected,"
      + " selection_reason, champion_json, training_rows, evaluation_rows, refit_rows, external_upload_id, artifact_format, code_version";
  private final JdbcTemplate jdbc;

  public ModelRegistry(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional
  public long addCandidate(NewModelVersion m) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_model_version (project_key, iteration, algorithm, stage,"
          + " task_type, target_column, split_id, dataset_sha256, seed, parameters_json, feature_schema_json,"
          + " provenance, artifact, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, m.projectKey());
      ps.setInt(2, m.iteration());
      ps.setString(3, m.algorithm());
      ps.setString(4, Stage.CANDIDATE.name());
      ps.setString(5, m.taskType());
      ps.setString(6, m.targetColumn());
      ps.setLong(7, m.splitId());
      ps.setString(8, m.datasetSha256());
      ps.setLong(9, m.seed());
      ps.setString(10, m.parametersJson());
      ps.setString(11, m.featureSchemaJson());
      ps.setString(12, m.provenance());
      ps.setBytes(13, m.artifact());
      ps.setTimestamp(14, Timestamp.from(Instant.now()));
      return ps;
    }, key);
    long id = key.getKey().longValue();
    transition(id, null, Stage.CANDIDATE, null, "trained in iteration " + m.iteration());
    return id;
  }

  /**
   * Which code trained the candidate, and for an external one its upload and its artifact's declared
   * format (both null for a built-in candidate).
   */
  public void recordCode(long id, String uploadId, String artifactFormat, String codeVersion) {
    jdbc.update("UPDATE mlpm_model_version SET external_upload_id = ?, artifact_format = ?, code_version = ?"
        + " WHERE id = ?", uploadId, artifactFormat, codeVersion, id);
  }

  /** The candidate's tuning: best trial's validation metrics and every trial. */
  public void recordTuning(long id, String validationMetricsJson, String trialsJson) {
    jdbc.update("UPDATE mlpm_model_version SET validation_metrics_json = ?, trials_json = ? WHERE id = ?",
        validationMetricsJson, trialsJson, id);
  }

  /** Candidates of one iteration, in the order they were stored. */
  public List<ModelVersion> candidates(String projectKey, int iteration) {
    return jdbc.query("SELECT " + COLUMNS + " FROM mlpm_model_version WHERE project_key = ? AND iteration = ?"
        + " AND stage = ? ORDER BY id", ModelRegistry::map, projectKey, iteration, Stage.CANDIDATE.name());
  }

  /** Marks which candidate of an iteration was selected, and why, on every candidate of it. */
  @Transactional
  public void recordSelection(String projectKey, int iteration, long selectedId, String reason) {
    for (ModelVersion c : candidates(projectKey, iteration)) {
      jdbc.update("UPDATE mlpm_model_version SET selected = ?, selection_reason = ? WHERE id = ?",
          c.id() == selectedId, reason, c.id());
    }
  }

  /** How many of the split's rows the candidate was trained and tuned on, as a sentence. */
  public void recordTrainingRows(long id, String trainingRows) {
    jdbc.update("UPDATE mlpm_model_version SET training_rows = ? WHERE id = ?", trainingRows, id);
  }

  /**
   * The selected candidate retrained with its chosen parameters on more rows, before any test
   * evaluation or sign-off: its model, schema, parameters and provenance replaced, once.
   *
   * @return false when it was refit already (the evaluation retried), and nothing changed
   */
  public boolean recordRefit(long id, byte[] artifact, String featureSchemaJson, String parametersJson,
      String provenance, String trainingRows, String refitRows) {
    return jdbc.update("UPDATE mlpm_model_version SET artifact = ?, feature_schema_json = ?, parameters_json = ?,"
        + " provenance = ?, training_rows = ?, refit_rows = ? WHERE id = ? AND refit_rows IS NULL AND metrics_json IS NULL",
        artifact, featureSchemaJson, parametersJson, provenance, trainingRows, refitRows, id) == 1;
  }

  /**
   * A selected candidate kept as tuned (its refit would have changed its features), and why; once,
   * like {@link #recordRefit}.
   */
  public boolean recordRefitDeclined(long id, String trainingRows, String why) {
    return jdbc.update("UPDATE mlpm_model_version SET training_rows = ?, refit_rows = ? WHERE id = ?"
        + " AND refit_rows IS NULL AND metrics_json IS NULL", trainingRows, why, id) == 1;
  }

  /** How many of the split's test rows the evaluation scored, as a sentence. */
  public void recordEvaluationRows(long id, String evaluationRows) {
    jdbc.update("UPDATE mlpm_model_version SET evaluation_rows = ? WHERE id = ?", evaluationRows, id);
  }

  public void recordChampionComparison(long id, String championJson) {
    jdbc.update("UPDATE mlpm_model_version SET champion_json = ? WHERE id = ?", championJson, id);
  }

  /** The verdict by the charter in force now (tests and models evaluated before charter versions). */
  public void recordEvaluation(long id, String metricsJson, String criteriaJson, boolean criteriaMet) {
    Integer inForce = jdbc.query("SELECT p.charter_version FROM mlpm_project p JOIN mlpm_model_version m"
        + " ON m.project_key = p.project_key WHERE m.id = ?", (rs, i) -> rs.getInt(1), id).stream().findFirst()
        .orElse(null);
    recordEvaluation(id, metricsJson, criteriaJson, criteriaMet, inForce);
  }

  /**
   * The model's verdict, and by which charter version's criteria (null: by criteria no longer in
   * force); every verdict is also kept in order, so a later one never erases the earlier.
   */
  @Transactional
  public void recordEvaluation(long id, String metricsJson, String criteriaJson, boolean criteriaMet,
      Integer charterVersion) {
    jdbc.update("UPDATE mlpm_model_version SET metrics_json = ?, criteria_json = ?, criteria_met = ?, charter_version = ?"
        + " WHERE id = ?", metricsJson, criteriaJson, criteriaMet, charterVersion, id);
    jdbc.update("INSERT INTO mlpm_model_judgement (model_version_id, charter_version, criteria_json, criteria_met,"
        + " judged_at) VALUES (?,?,?,?,?)", id, charterVersion, criteriaJson, criteriaMet, Timestamp.from(Instant.now()));
  }

  /** Every verdict on the model, oldest first: charter version, met, when. */
  public List<Map<String, Object>> judgements(long id) {
    return jdbc.queryForList("SELECT charter_version, criteria_met, judged_at FROM mlpm_model_judgement"
        + " WHERE model_version_id = ? ORDER BY id", id);
  }

  /** Whether the model's latest verdict is by the charter version in force in its project. */
  public boolean judgedByCharterInForce(long id) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_model_version m JOIN mlpm_project p"
        + " ON p.project_key = m.project_key WHERE m.id = ? AND m.charter_version = p.charter_version", Integer.class, id);
    return n != null && n > 0;
  }

  /**
   * Makes a version the project's production model; the previous one is archived in the same
   * transaction, so a project never has two production versions. Only a model of this project, in
   * STAGING and evaluated with its criteria met, is promoted; anything else is refused unchanged.
   */
  @Transactional
  public ModelVersion promoteToProduction(String projectKey, long id, String actor, String reason) {
    ModelVersion candidate = get(id);
    if (!candidate.projectKey().equals(projectKey)) {
      throw new IllegalStateException("Model " + id + " belongs to project '" + candidate.projectKey() + "', not '"
          + projectKey + "'; nothing was promoted.");
    }
    if (candidate.stage() != Stage.STAGING) {
      throw new IllegalStateException("Model " + id + " is in stage " + candidate.stage() + "; only a model in"
          + " STAGING (evaluated, criteria met, reviewed) is promoted.");
    }
    if (candidate.metricsJson() == null || !Boolean.TRUE.equals(candidate.criteriaMet())) {
      throw new IllegalStateException("Model " + id + " has not met its criteria on the test split; nothing was"
          + " promoted.");
    }
    for (ModelVersion current : list(candidate.projectKey())) {
      if (current.stage() == Stage.PRODUCTION && current.id() != id) {
        jdbc.update("UPDATE mlpm_model_version SET stage = ? WHERE id = ?", Stage.ARCHIVED.name(), current.id());
        transition(current.id(), Stage.PRODUCTION, Stage.ARCHIVED, actor, "replaced by model " + id);
      }
    }
    Integer next = jdbc.queryForObject("SELECT COALESCE(MAX(version), 0) + 1 FROM mlpm_model_version WHERE project_key = ?",
        Integer.class, candidate.projectKey());
    int version = candidate.version() != null ? candidate.version() : next;
    jdbc.update("UPDATE mlpm_model_version SET stage = ?, version = ?, approved_by = ? WHERE id = ?",
        Stage.PRODUCTION.name(), version, actor, id);
    transition(id, candidate.stage(), Stage.PRODUCTION, actor, reason);
    return get(id);
  }

  /** Moves a version to another stage (not production: see promote and rollback), recording why. */
  @Transactional
  public void moveTo(long id, Stage stage, String actor, String reason) {
    if (stage == Stage.PRODUCTION) {
      throw new IllegalArgumentException("use promoteToProduction or rollback to change the production version");
    }
    ModelVersion version = get(id);
    if (version.stage() == stage) {
      return;
    }
    if (version.stage() == Stage.PRODUCTION) {
      throw new IllegalStateException("model " + id + " is in production; roll back or promote another version");
    }
    jdbc.update("UPDATE mlpm_model_version SET stage = ? WHERE id = ?", stage.name(), id);
    transition(id, version.stage(), stage, actor, reason);
  }

  /**
   * The version a rollback would restore: the newest archived version that was in production
   * before the one serving now. A version rolled back from is newer than what serves after it, so a
   * second rollback goes further back instead of restoring the model just taken out.
   */
  public Optional<ModelVersion> rollbackTarget(String projectKey) {
    List<ModelVersion> versions = list(projectKey);
    int serving = versions.stream().filter(m -> m.stage() == Stage.PRODUCTION && m.version() != null)
        .mapToInt(ModelVersion::version).max().orElse(Integer.MAX_VALUE);
    return versions.stream()
        .filter(m -> m.stage() == Stage.ARCHIVED && m.version() != null && m.version() < serving)
        .max(java.util.Comparator.comparing(ModelVersion::version));
  }

  /**
   * Restores the previous production version; the current one is archived in the same
   * transaction, so the project always has exactly one production version.
   */
  @Transactional
  public ModelVersion rollback(String projectKey, String actor, String reason) {
    ModelVersion previous = rollbackTarget(projectKey).orElseThrow(() -> new IllegalStateException(
        "Project '" + projectKey + "' has no earlier production version to roll back to."));
    ModelVersion current = production(projectKey).orElseThrow(() -> new IllegalStateException(
        "Project '" + projectKey + "' has no production version."));
    jdbc.update("UPDATE mlpm_model_version SET stage = ? WHERE id = ?", Stage.ARCHIVED.name(), current.id());
    transition(current.id(), Stage.PRODUCTION, Stage.ARCHIVED, actor, "rolled back: " + reason);
    jdbc.update("UPDATE mlpm_model_version SET stage = ? WHERE id = ?", Stage.PRODUCTION.name(), previous.id());
    transition(previous.id(), Stage.ARCHIVED, Stage.PRODUCTION, actor, "rollback: " + reason);
    return get(previous.id());
  }

  public ModelVersion get(long id) {
    return jdbc.queryForObject("SELECT " + COLUMNS + " FROM mlpm_model_version WHERE id = ?", ModelRegistry::map, id);
  }

  /** The charter version the model was last judged by (null before its evaluation). */
  public Integer charterVersionOf(long id) {
    return jdbc.queryForObject("SELECT charter_version FROM mlpm_model_version WHERE id = ?", Integer.class, id);
  }

  public byte[] artifact(long id) {
    return jdbc.queryForObject("SELECT artifact FROM mlpm_model_version WHERE id = ?", byte[].class, id);
  }

  public Optional<ModelVersion> production(String projectKey) {
    return jdbc.query("SELECT " + COLUMNS + " FROM mlpm_model_version WHERE project_key = ? AND stage = ?",
        ModelRegistry::map, projectKey, Stage.PRODUCTION.name()).stream().findFirst();
  }

  public Optional<ModelVersion> latest(String projectKey) {
    return jdbc.query("SELECT " + COLUMNS + " FROM mlpm_model_version WHERE project_key = ? ORDER BY id DESC",
        ModelRegistry::map, projectKey).stream().findFirst();
  }

  public List<ModelVersion> list(String projectKey) {
    return jdbc.query("SELECT " + COLUMNS + " FROM mlpm_model_version WHERE project_key = ? ORDER BY id",
        ModelRegistry::map, projectKey);
  }

  public List<Map<String, Object>> transitions(long modelVersionId) {
    return jdbc.queryForList("SELECT from_stage, to_stage, actor, reason, created_at FROM mlpm_stage_transition"
        + " WHERE model_version_id = ? ORDER BY id", modelVersionId);
  }

  private void transition(long id, Stage from, Stage to, String actor, String reason) {
    jdbc.update("INSERT INTO mlpm_stage_transition (model_version_id, from_stage, to_stage, actor, reason, created_at)"
        + " VALUES (?,?,?,?,?,?)", id, from == null ? null : from.name(), to.name(), actor, reason,
        Timestamp.from(Instant.now()));
  }

  private static ModelVersion map(ResultSet rs, int row) throws SQLException {
    int version = rs.getInt("version");
    Integer v = rs.wasNull() ? null : version;
    boolean met = rs.getBoolean("criteria_met");
    Boolean criteriaMet = rs.wasNull() ? null : met;
    return new ModelVersion(rs.getLong("id"), rs.getString("project_key"), v, rs.getInt("iteration"),
        rs.getString("algorithm"), Stage.valueOf(rs.getString("stage")), rs.getString("task_type"),
        rs.getString("target_column"), rs.getLong("split_id"), rs.getString("dataset_sha256"), rs.getLong("seed"),
        rs.getString("parameters_json"), rs.getString("metrics_json"), rs.getString("criteria_json"), criteriaMet,
        rs.getString("feature_schema_json"), rs.getString("provenance"), rs.getString("approved_by"),
        rs.getTimestamp("created_at").toInstant(), rs.getString("validation_metrics_json"),
        rs.getString("trials_json"), selected(rs), rs.getString("selection_reason"), rs.getString("champion_json"),
        rs.getString("training_rows"), rs.getString("evaluation_rows"), rs.getString("refit_rows"),
        rs.getString("external_upload_id"), rs.getString("artifact_format"), rs.getString("code_version"));
  }

  private static Boolean selected(ResultSet rs) throws SQLException {
    boolean selected = rs.getBoolean("selected");
    return rs.wasNull() ? null : selected;
  }
}
