package io.mlpm.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.governance.ApprovedPromotion;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.PromotionRefusedException;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.ml.TaskType;
import io.mlpm.monitoring.BaselineRepository;
import io.mlpm.monitoring.BaselineService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.NewModelVersion;
import io.mlpm.registry.Stage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The deployment use cases without the engine: the registry, the drift baseline and the audit trail together. */
class DeploymentsTest {

  private static final String SCHEMA = "{\"version\":1,\"taskType\":\"CLASSIFICATION\",\"targetColumn\":\"species\","
      + "\"columns\":[{\"name\":\"petal_length\",\"kind\":\"NUMERIC\",\"mean\":3.7,\"std\":1.7}]}";

  @TempDir Path datasets;
  private JdbcTemplate jdbc;
  private ModelRegistry registry;
  private SignOffRecords records;
  private BaselineRepository baselines;
  private Deployments deployments;
  private RecordedSplit split;
  private int tasks;

  @BeforeEach
  void wire() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
      Files.copy(in, datasets.resolve("iris.csv"));
    }
    jdbc = TestDatabase.migrated();
    MlpmProperties properties = new Binder(new MapConfigurationPropertySource(
        Map.of("mlpm.datasets.root", datasets.toString()))).bindOrCreate("mlpm", MlpmProperties.class);
    DataPreparationService data = new DataPreparationService(jdbc, properties);
    registry = new ModelRegistry(jdbc);
    records = new SignOffRecords(jdbc);
    baselines = new BaselineRepository(jdbc);
    AuditTrail audit = TestDatabase.auditTrail(jdbc);
    deployments = new Deployments(new ApprovedPromotion(records, registry), registry,
        new BaselineService(registry, data, baselines), audit, properties, new io.mlpm.registry.ServingRecords(jdbc));
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
        + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", "iris", "Iris", "classification",
        "species", "sam", "deployment-approval", "ACTIVE", "{}", now, now);
    DataCheckOutcome ingested = data.ingest("iris", "iris.csv");
    split = data.prepare("iris", "iris.csv", ingested.datasetVersionId(),
        new PreparationPlan("species", TaskType.CLASSIFICATION, List.of(), 42, 0.2, 0.2));
  }

  private long approvedCandidate(String approver) {
    long id = registry.addCandidate(new NewModelVersion("iris", 1, "logistic_regression", "classification", "species",
        split.splitId(), split.datasetSha256(), 42, "{}", SCHEMA, "test", new byte[] {1}));
    registry.recordEvaluation(id, "{\"accuracy\":0.9}", "[]", true);
    registry.moveTo(id, Stage.STAGING, null, "criteria met");
    records.append(new SignOff(0, "iris", "t" + (++tasks), "approveDeployment", approver, List.of("sponsors"),
        SignOff.APPROVED, "ok", Instant.now(), "ml-project-lifecycle", 1, "", null, split.datasetSha256(), id, null));
    return id;
  }

  private List<Map<String, Object>> audit() {
    return jdbc.queryForList("SELECT actor, action, detail, dataset_sha256, model_version_id FROM mlpm_audit"
        + " WHERE project_key = 'iris' ORDER BY seq");
  }

  @Test
  void theApprovedCandidateServesWithItsBaselineRecordedInTheApproversName() {
    long model = approvedCandidate("sam");

    Deployments.Serving serving = deployments.deploy("iris", model, false, split.datasetSha256());

    assertThat(serving).isEqualTo(new Deployments.Serving(model, 1, false, "PT1H"));
    assertThat(registry.production("iris")).hasValueSatisfying(v -> assertThat(v.id()).isEqualTo(model));
    assertThat(baselines.find(model)).isPresent();
    assertThat(audit()).singleElement().satisfies(r -> {
      assertThat(r).containsEntry("ACTOR", "sam").containsEntry("ACTION", "model-deployed")
          .containsEntry("DATASET_SHA256", split.datasetSha256());
      assertThat(((Number) r.get("MODEL_VERSION_ID")).longValue()).isEqualTo(model);
    });
  }

  @Test
  void aCandidateWithoutApprovalIsRefusedAndNothingIsRecorded() {
    long model = approvedCandidate("sam");
    jdbc.update("DELETE FROM mlpm_sign_off");

    assertThatThrownBy(() -> deployments.deploy("iris", model, false, split.datasetSha256()))
        .isInstanceOf(PromotionRefusedException.class);
    assertThat(registry.production("iris")).isEmpty();
    assertThat(baselines.find(model)).isEmpty();
    assertThat(audit()).isEmpty();
  }

  @Test
  void aRollbackServesThePreviousVersionAgainInTheDecidersName() {
    long first = approvedCandidate("sam");
    deployments.deploy("iris", first, false, split.datasetSha256());
    long second = approvedCandidate("sam");
    assertThat(deployments.deploy("iris", second, false, split.datasetSha256()).rollbackAvailable()).isTrue();

    Deployments.Serving restored = deployments.rollBack("iris", "erin", " ");

    assertThat(restored.modelVersionId()).isEqualTo(first);
    assertThat(restored.version()).isEqualTo(1);
    assertThat(restored.rollbackAvailable()).isFalse(); // not back to the version just taken out
    assertThat(registry.production("iris")).hasValueSatisfying(v -> assertThat(v.id()).isEqualTo(first));
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTOR", "erin")
        .containsEntry("ACTION", "model-rolled-back").containsEntry("DETAIL", "Model version 1 serves again, at /api/projects/iris/predictions."));
  }
}
