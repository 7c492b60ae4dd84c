package io.mlpm.monitoring;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.data.DataPreparationService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.NewModelVersion;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** A fresh in-memory H2 with all migrations, and the monitoring services wired by hand. */
final class MonitoringDb {

  final JdbcTemplate jdbc;
  final ModelRegistry registry;
  final BaselineRepository baselineRepository;
  final DriftAcceptances acceptances;
  final HealthChecks checks;
  final HealthCheckService service;

  final DataPreparationService data;
  final BaselineService baselines;

  MonitoringDb(int window) {
    this(window, null);
  }

  MonitoringDb(int window, Path datasetsRoot) {
    jdbc = TestDatabase.migrated();
    registry = new ModelRegistry(jdbc);
    baselineRepository = new BaselineRepository(jdbc);
    acceptances = new DriftAcceptances(jdbc);
    checks = new HealthChecks(jdbc, event -> { });
    // Bound like the application binds it, so this keeps working when MlpmProperties grows.
    Map<String, String> settings = datasetsRoot == null ? Map.of()
        : Map.of("mlpm.datasets.root", datasetsRoot.toString());
    MlpmProperties properties = new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("mlpm", MlpmProperties.class);
    data = new DataPreparationService(jdbc, properties);
    baselines = new BaselineService(registry, data, baselineRepository);
    service = new HealthCheckService(jdbc, registry, baselines, acceptances, window);
  }

  void project(String key) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
        + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", key, key, "classification", "y",
        "sponsor", "monitoring", "ACTIVE", "{}", now, now);
  }

  /** A production model version with the given evaluation metrics. */
  long productionModel(String project, String taskType, String metricsJson) {
    long id = registry.addCandidate(new NewModelVersion(project, 1, "test", taskType, "y", 1L, "sha", 42L, "{}",
        "{}", "test", new byte[] {1}));
    registry.recordEvaluation(id, metricsJson, "[]", true);
    registry.moveTo(id, io.mlpm.registry.Stage.STAGING, null, "test");
    registry.promoteToProduction(project, id, "engineer", "test");
    return id;
  }

  long prediction(String project, long modelId, String inputJson, String outputJson, Instant at) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_prediction (project_key, model_version_id, input_json,"
          + " output_json, created_at) VALUES (?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, project);
      ps.setLong(2, modelId);
      ps.setString(3, inputJson);
      ps.setString(4, outputJson);
      ps.setTimestamp(5, Timestamp.from(at));
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  void feedback(String project, long predictionId, String actual) {
    jdbc.update("INSERT INTO mlpm_feedback (prediction_id, project_key, actual, reported_by, created_at)"
        + " VALUES (?,?,?,?,?)", predictionId, project, actual, "client", Timestamp.from(Instant.now()));
  }
}
