package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparationPlan;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Model development's steps as the process calls them, without the engine: the charter's terms by project key. */
class ModelDevelopmentTest {

  @TempDir
  Path root;

  private final Map<String, DevelopmentTerms> charters = new HashMap<>();
  private ModelDevelopment development;
  private ModelDevelopmentService service;
  private ModelRegistry registry;
  private JdbcTemplate jdbc;
  private long splitId;
  private io.mlpm.data.SplitCounts counts;

  @BeforeEach
  void project() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, root.resolve("iris.csv"));
    }
    jdbc = TestDatabase.migrated();
    MlpmProperties properties = new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null, null);
    DataPreparationService data = new DataPreparationService(jdbc, properties);
    registry = new ModelRegistry(jdbc);
    service = new ModelDevelopmentService(data, registry, properties);
    development = new ModelDevelopment(service, charters::get);
    long version = data.ingest("p", "iris.csv").datasetVersionId();
    io.mlpm.data.RecordedSplit split = data.prepare("p", "iris.csv", version, new PreparationPlan("species",
        TaskType.CLASSIFICATION, List.of(), 42, PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO));
    splitId = split.splitId();
    counts = split.counts();
  }

  private void charter(List<String> algorithms, Integer budget, List<String> excluded, String metric) {
    charters.put("p", new DevelopmentTerms(TaskType.CLASSIFICATION, algorithms, budget, excluded, metric));
  }

  @Test
  void withoutChoicesTheTaskTypesDefaultsAreTrainedWithTheDefaultBudget() {
    charter(List.of(), null, List.of(), "accuracy");
    ModelDevelopmentService.IterationPlan plan = development.plan("p", TeamChoice.CHARTER);
    assertThat(plan.algorithms()).isEqualTo(Algorithm.defaults(TaskType.CLASSIFICATION).stream()
        .map(Algorithm::code).toList());
    assertThat(plan.tuningBudget()).isEqualTo(CandidateTrainer.DEFAULT_TUNING_BUDGET);
    assertThat(plan.primaryMetric()).isEqualTo("accuracy");
  }

  @Test
  void theCharterNamesTheCandidatesAndTheTeamsRetryOverridesThem() {
    charter(List.of("random_forest", "random_forest", "logistic_regression"), 2, List.of("sepal_width"), "macro_f1");
    ModelDevelopmentService.IterationPlan charterPlan = development.plan("p", TeamChoice.CHARTER);
    assertThat(charterPlan.algorithms()).containsExactly("random_forest", "logistic_regression");
    assertThat(charterPlan.tuningBudget()).isEqualTo(2);
    assertThat(charterPlan.describe(4)).isEqualTo("Iteration 4: random_forest, logistic_regression with 2 tuning"
        + " trials each, leaving out sepal_width; selected by validation macro_f1 (cross-validated when the data is small).");
    ModelDevelopmentService.IterationPlan retry = development.plan("p",
        new TeamChoice(List.of("majority_baseline"), 1, null));
    assertThat(retry.algorithms()).containsExactly("majority_baseline");
    assertThat(retry.tuningBudget()).isEqualTo(1);
    assertThat(retry.excludedColumns()).as("not chosen: the charter's").containsExactly("sepal_width");
    // A retry that names other columns to leave out, or clears the algorithms (the defaults), is followed.
    ModelDevelopmentService.IterationPlan other = development.plan("p",
        new TeamChoice(List.of(), null, List.of("petal_length")));
    assertThat(other.excludedColumns()).containsExactly("petal_length");
    assertThat(other.algorithms()).isEqualTo(Algorithm.defaults(TaskType.CLASSIFICATION).stream()
        .map(Algorithm::code).toList());
    assertThat(other.tuningBudget()).isEqualTo(2);
    assertThat(development.plan("p", new TeamChoice(null, null, List.of())).excludedColumns()).isEmpty();
  }

  @Test
  void anAlgorithmOfTheOtherTaskTypeIsRefused() {
    charter(List.of("linear_regression"), null, List.of(), "accuracy");
    assertThatThrownBy(() -> development.plan("p", TeamChoice.CHARTER)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linear_regression");
  }

  @Test
  void theSelectionIsByTheCharterFirstMetricAndListsEveryCandidate() {
    charter(List.of(), 1, List.of("petal_length", "petal_width"), "accuracy");
    long baseline = development.train("p", splitId, 1, "majority_baseline", TeamChoice.CHARTER);
    long linear = development.train("p", splitId, 1, "logistic_regression", TeamChoice.CHARTER);
    assertThat(registry.get(linear).featureSchemaJson()).doesNotContain("petal_length");
    ModelDevelopment.Selected selected = development.select("p", 1);
    assertThat(selected.modelVersionId()).isEqualTo(linear);
    assertThat(selected.primaryMetric()).isEqualTo("accuracy");
    assertThat(selected.candidates()).extracting(ModelDevelopment.CandidateRow::algorithm)
        .containsExactlyInAnyOrder("majority_baseline", "logistic_regression");
    assertThat(selected.candidates()).filteredOn(ModelDevelopment.CandidateRow::selected).singleElement()
        .satisfies(c -> assertThat(c.validation()).isGreaterThan(
            selected.candidates().stream().filter(o -> !o.selected()).findFirst().orElseThrow().validation()));
    assertThat(selected.validationMetrics()).containsKey("accuracy");
    assertThat(registry.get(baseline).stage()).isNotNull();
  }

  @Test
  void theSelectedCandidateIsRefitOnTrainingPlusValidationRowsOnceBeforeItsEvaluation() {
    charter(List.of(), 1, List.of("petal_width"), "accuracy");
    long id = development.train("p", splitId, 1, "gradient_boosting", TeamChoice.CHARTER);
    io.mlpm.registry.ModelVersion tuned = registry.get(id);
    assertThat(tuned.refitRows()).isNull();
    long both = counts.train() + counts.validation();
    byte[] tunedModel = registry.artifact(id);

    assertThat(service.refit(id)).isTrue();

    assertThat(registry.artifact(id)).isNotEqualTo(tunedModel);
    io.mlpm.registry.ModelVersion refit = registry.get(id);
    assertThat(refit.refitRows()).startsWith(both + " rows: all " + counts.train() + " training rows and all "
        + counts.validation() + " validation rows");
    assertThat(refit.trainingRows()).contains("refit on both (" + both + " rows) before the test evaluation");
    assertThat(refit.provenance()).contains("MLPM training split, " + both + " rows")
        .doesNotContain("MLPM training split, " + counts.train() + " rows");
    // The same features (the charter's exclusion kept) and the same chosen parameters.
    assertThat(refit.featureSchemaJson()).doesNotContain("petal_width").contains("sepal_length");
    assertThat(refit.parametersJson()).isEqualTo(tuned.parametersJson());
    // Selection's evidence stays what it was: the validation metrics of the tuned model.
    assertThat(refit.validationMetricsJson()).isEqualTo(tuned.validationMetricsJson());
    TrainedModel model = TrainedModel.load(registry.artifact(id), refit.featureSchemaJson());
    assertThat(model.predict(List.of(java.util.Map.of("sepal_length", "5.1", "sepal_width", "3.5",
        "petal_length", "1.4"))).get(0).value()).isEqualTo("setosa");

    // Once: a retried evaluation keeps the first refit, and an evaluated model is never refit.
    assertThat(service.refit(id)).isFalse();
    assertThat(registry.get(id)).isEqualTo(refit);
    long other = development.train("p", splitId, 2, "logistic_regression", TeamChoice.CHARTER);
    registry.recordEvaluation(other, "{\"accuracy\":0.9}", "[]", true);
    assertThat(service.refit(other)).isFalse();
    assertThat(registry.get(other).refitRows()).isNull();
  }

  @Test
  void smallDataIsTunedAndSelectedByCrossValidationAndLargerDataOnTheValidationSplit() {
    charter(List.of(), 2, List.of(), "accuracy");
    long both = counts.train() + counts.validation();
    long forest = development.train("p", splitId, 1, "random_forest", TeamChoice.CHARTER);
    long linear = development.train("p", splitId, 1, "logistic_regression", TeamChoice.CHARTER);
    io.mlpm.registry.ModelVersion m = registry.get(forest);
    assertThat(m.trainingRows()).isEqualTo("trained on all " + counts.train() + " training rows; tuned by 5-fold"
        + " cross-validation on " + both + " rows (all " + counts.train() + " training rows and all "
        + counts.validation() + " validation rows)");
    assertThat(ModelDevelopmentService.folds(m.trialsJson())).isEqualTo(5);
    assertThat(m.trialsJson()).contains("\"foldScores\":[");
    ModelDevelopment.Selected selected = development.select("p", 1);
    assertThat(selected.reason()).contains(": 5-fold cross-validated accuracy ");
    assertThat(service.refit(selected.modelVersionId())).isTrue();
    assertThat(registry.get(selected.modelVersionId()).trainingRows()).startsWith("tuned and selected by 5-fold"
        + " cross-validation on all " + counts.train() + " training rows and all " + counts.validation()
        + " validation rows; refit on both (" + both + " rows)");
    assertThat(List.of(forest, linear)).contains(selected.modelVersionId());

    // Turned off (or data above the bound): one validation split, as before.
    MlpmProperties holdout = new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null, null,
        new MlpmProperties.Training(-1, 0));
    ModelDevelopment onSplit = new ModelDevelopment(new ModelDevelopmentService(
        new DataPreparationService(jdbc, holdout), registry, holdout), charters::get);
    long plain = onSplit.train("p", splitId, 2, "logistic_regression", TeamChoice.CHARTER);
    assertThat(registry.get(plain).trainingRows()).isEqualTo("trained on all " + counts.train()
        + " training rows; tuned on all " + counts.validation() + " validation rows");
    assertThat(registry.get(plain).trialsJson()).doesNotContain("foldScores");
    assertThat(onSplit.select("p", 2).reason()).contains(": validation accuracy ");
  }
}
