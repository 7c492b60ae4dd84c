package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import io.mlpm.training.ModelDevelopmentService;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A challenger is compared with the production model on the same test rows: meeting the
 * criteria is not enough when it is worse than what already serves.
 */
class ChampionComparisonTest {

  @TempDir
  Path root;

  private ModelRegistry registry;
  private ModelDevelopmentService development;
  private EvaluationService evaluation;
  private long splitId;
  private final List<SuccessCriterion> lowBar = List.of(new SuccessCriterion("accuracy", ">=", 0.2));

  @BeforeEach
  void project() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, root.resolve("iris.csv"));
    }
    JdbcTemplate jdbc = TestDatabase.migrated();
    MlpmProperties properties = new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null, null);
    DataPreparationService data = new DataPreparationService(jdbc, properties);
    registry = new ModelRegistry(jdbc);
    development = new ModelDevelopmentService(data, registry, properties);
    evaluation = new EvaluationService(data, registry, new EvaluationReports(jdbc), new io.mlpm.project.ProjectRepository(jdbc), null);
    long version = data.ingest("p", "iris.csv").datasetVersionId();
    RecordedSplit split = data.prepare("p", "iris.csv", version, new PreparationPlan("species",
        TaskType.CLASSIFICATION, List.of(), 42, PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO));
    splitId = split.splitId();
  }

  private long train(int iteration, String algorithm) {
    return development.trainCandidate("p", splitId, iteration, algorithm,
        new IterationPlan(List.of(algorithm), 1, List.of(), "accuracy"));
  }

  @Test
  void withoutAProductionModelOnlyTheCriteriaCount() {
    EvaluationOutcome first = evaluation.evaluate(train(1, "logistic_regression"), lowBar);
    assertThat(first.allMet()).isTrue();
    assertThat(first.criteria()).hasSize(1);
  }

  @Test
  void aChallengerWorseThanProductionIsNotAccepted() {
    long strong = train(1, "logistic_regression");
    assertThat(evaluation.evaluate(strong, lowBar).allMet()).isTrue();
    registry.moveTo(strong, io.mlpm.registry.Stage.STAGING, null, "criteria met");
    registry.promoteToProduction("p", strong, "sponsor", "v1");

    long weak = train(2, "majority_baseline");
    EvaluationOutcome outcome = evaluation.evaluate(weak, lowBar);
    // The baseline meets accuracy >= 0.2 (a third of the rows), but is worse than production.
    assertThat(outcome.metrics().get("accuracy")).isGreaterThanOrEqualTo(0.2);
    assertThat(outcome.allMet()).isFalse();
    CriterionResult comparison = outcome.criteria().get(outcome.criteria().size() - 1);
    assertThat(comparison.met()).isFalse();
    assertThat(comparison.message()).contains("production model v1").contains("WORSE");
    assertThat(registry.get(weak).championJson()).contains("\"notWorse\":false");
  }

  @Test
  void aChallengerAsGoodAsProductionIsAccepted() {
    long first = train(1, "logistic_regression");
    evaluation.evaluate(first, lowBar);
    registry.moveTo(first, io.mlpm.registry.Stage.STAGING, null, "criteria met");
    registry.promoteToProduction("p", first, "sponsor", "v1");
    long same = train(2, "logistic_regression");
    EvaluationOutcome outcome = evaluation.evaluate(same, lowBar);
    assertThat(outcome.allMet()).isTrue();
    assertThat(outcome.criteria().get(outcome.criteria().size() - 1).message()).contains("not worse");
  }
}
