package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import io.mlpm.training.ModelEvaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CandidateTrainerTest {

  static final long SEED = 42;
  final CandidateTrainer candidates = new CandidateTrainer();
  final ModelEvaluator evaluator = new ModelEvaluator();

  Dataset xorTrain;
  Dataset xorValidation;
  Dataset xorTest;
  List<CandidateResult> xorResults;
  Dataset waveTrain;
  Dataset waveValidation;
  Dataset waveTest;
  List<CandidateResult> waveResults;

  @BeforeAll
  void trainDefaults() {
    Dataset xor = NonLinearData.xor(3_000, 7);
    xorTrain = NonLinearData.slice(xor, 0, 2_000);
    xorValidation = NonLinearData.slice(xor, 2_000, 2_500);
    xorTest = NonLinearData.slice(xor, 2_500, 3_000);
    xorResults = candidates.trainDefaults(xorTrain, xorValidation, "label",
        TaskType.CLASSIFICATION, "accuracy", CandidateTrainer.DEFAULT_TUNING_BUDGET, SEED);
    Dataset wave = NonLinearData.wave(3_000, 8);
    waveTrain = NonLinearData.slice(wave, 0, 2_000);
    waveValidation = NonLinearData.slice(wave, 2_000, 2_500);
    waveTest = NonLinearData.slice(wave, 2_500, 3_000);
    waveResults = candidates.trainDefaults(waveTrain, waveValidation, "target",
        TaskType.REGRESSION, "r2", CandidateTrainer.DEFAULT_TUNING_BUDGET, SEED);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void everyAlgorithmTrainsAndRoundTripsThroughBytes(Algorithm algorithm) {
    for (TaskType type : TaskType.values()) {
      if (!algorithm.supports(type)) {
        continue;
      }
      boolean classification = type == TaskType.CLASSIFICATION;
      Dataset train = classification ? xorTrain : waveTrain;
      Dataset test = classification ? xorTest : waveTest;
      String target = classification ? "label" : "target";
      TrainingResult result = new ModelTrainer().train(algorithm, Map.of(), train, target, type,
          SEED);
      assertThat(result.algorithm()).isEqualTo(algorithm.code());
      assertThat(result.parameters()).containsEntry("seed", "42")
          .containsAllEntriesOf(withoutInformational(algorithm.defaultParameters()));
      TrainedModel model = TrainedModel.load(result.modelBytes(), result.featureSchemaJson());
      TrainedModel copy = TrainedModel.load(result.modelBytes().clone(),
          model.schema().toJson());
      List<Map<String, Object>> rows = rows(test, target);
      List<Prediction> predictions = model.predict(rows);
      assertThat(copy.predict(rows)).isEqualTo(predictions);
      for (Prediction p : predictions) {
        if (classification) {
          assertThat(p.value()).isIn("same", "diff");
          assertThat(p.probabilities()).containsOnlyKeys("diff", "same");
          assertThat(p.probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
              .isCloseTo(1.0, within(1e-6));
        } else {
          assertThat((Double) p.value()).isFinite();
          assertThat(p.probabilities()).isNull();
        }
      }
      Map<String, Double> metrics = evaluator.evaluate(model, test, target);
      assertThat(metrics).containsKeys(classification
          ? new String[] {"accuracy", "roc_auc", "log_loss"} : new String[] {"rmse", "r2"});
    }
  }

  @Test
  void treeEnsemblesBeatLogisticRegressionOnXorAndTheBestIsSelected() {
    CandidateResult logistic = find(xorResults, "logistic_regression");
    CandidateResult forest = find(xorResults, "random_forest");
    CandidateResult boosting = find(xorResults, "gradient_boosting");
    assertThat(logistic.validationMetrics().get("accuracy")).isLessThan(0.75);
    for (CandidateResult trees : List.of(forest, boosting)) {
      assertThat(trees.validationMetrics().get("accuracy")).as(trees.algorithm()).isGreaterThan(0.9)
          .isGreaterThan(logistic.validationMetrics().get("accuracy") + 0.15);
    }
    Selection selection = ModelSelection.select(xorResults, "accuracy");
    CandidateResult best = xorResults.stream()
        .max(java.util.Comparator.comparingDouble(c -> c.validationMetrics().get("accuracy"))).orElseThrow();
    assertThat(selection.selected()).isSameAs(best).isIn(forest, boosting);
    assertThat(selection.reason()).startsWith(best.algorithm() + ": validation accuracy 0.9")
        .contains(" vs ", "logistic_regression 0.", "majority_baseline 0.");
    // Held-out test agrees, and probabilities are useful.
    Map<String, Double> test = evaluator.evaluate(load(best.model()), xorTest, "label");
    assertThat(test.get("accuracy")).isGreaterThan(0.9);
    assertThat(test.get("roc_auc")).isGreaterThan(0.95);
  }

  @Test
  void baselinePredictsTheMajorityWithTrainingFrequencies() {
    CandidateResult baseline = find(xorResults, "majority_baseline");
    Map<String, Long> trainCounts = counts(xorTrain);
    String majority = trainCounts.entrySet().stream().max(Map.Entry.comparingByValue())
        .orElseThrow().getKey();
    double validationShare = (double) counts(xorValidation).get(majority) / xorValidation.size();
    assertThat(baseline.validationMetrics().get("accuracy")).isEqualTo(validationShare);
    assertThat(baseline.trials()).hasSize(1);
    assertThat(baseline.bestParameters()).containsEntry("strategy", "most_frequent");
    Prediction p = load(baseline.model()).predict(rows(xorTest, "label")).get(0);
    assertThat(p.value()).isEqualTo(majority);
    trainCounts.forEach((label, count) ->
        assertThat(p.probabilities().get(label)).isEqualTo((double) count / xorTrain.size()));
  }

  @Test
  void tuningRespectsTheBudgetAndRecordsEveryTrial() {
    CandidateResult forest = find(xorResults, "random_forest");
    assertThat(forest.trials()).hasSize(CandidateTrainer.DEFAULT_TUNING_BUDGET);
    assertThat(forest.trials()).extracting(Trial::number).containsExactly(1, 2, 3, 4);
    assertThat(forest.trials().get(0).parameters())
        .isEqualTo(Algorithm.RANDOM_FOREST.defaultParameters());
    assertThat(new HashSet<>(forest.trials().stream().map(Trial::parameters).toList()))
        .hasSize(4);
    for (Trial t : forest.trials()) {
      assertThat(t.validationMetrics()).containsKeys("accuracy", "macro_f1", "log_loss");
      assertThat(t.durationMillis()).isNotNegative();
      t.parameters().forEach((name, value) ->
          assertThat(Algorithm.RANDOM_FOREST.searchSpace().get(name)).contains(value));
    }
    Trial best = forest.trials().stream()
        .max((a, b) -> Double.compare(a.validationMetrics().get("accuracy"),
            b.validationMetrics().get("accuracy"))).orElseThrow();
    assertThat(forest.validationMetrics().get("accuracy"))
        .isEqualTo(best.validationMetrics().get("accuracy"));

    CandidateResult two = candidates.train("logistic_regression", xorTrain, xorValidation,
        "label", TaskType.CLASSIFICATION, "accuracy", 2, SEED);
    assertThat(two.trials()).hasSize(2);
    CandidateResult all = candidates.train("logistic_regression", xorTrain, xorValidation,
        "label", TaskType.CLASSIFICATION, "accuracy", 100, SEED);
    assertThat(all.trials()).hasSize(Algorithm.LOGISTIC_REGRESSION.gridSize()).hasSize(9);
    CandidateResult baseline = candidates.train("majority_baseline", xorTrain, xorValidation,
        "label", TaskType.CLASSIFICATION, "accuracy", 10, SEED);
    assertThat(baseline.trials()).hasSize(1);
  }

  @Test
  void theSearchIsSeeded() {
    assertThat(CandidateTrainer.configurations(Algorithm.RANDOM_FOREST, 4, 1))
        .isEqualTo(CandidateTrainer.configurations(Algorithm.RANDOM_FOREST, 4, 1))
        .isNotEqualTo(CandidateTrainer.configurations(Algorithm.RANDOM_FOREST, 4, 2));
    assertThat(CandidateTrainer.configurations(Algorithm.RANDOM_FOREST, 1000, 1))
        .hasSize(Algorithm.RANDOM_FOREST.gridSize()).hasSize(54).doesNotHaveDuplicates();
  }

  @Test
  void lowerIsBetterMetricPicksTheMinimum() {
    CandidateResult byLogLoss = candidates.train("logistic_regression", xorTrain, xorValidation,
        "label", TaskType.CLASSIFICATION, "log_loss", 5, SEED);
    double min = byLogLoss.trials().stream()
        .mapToDouble(t -> t.validationMetrics().get("log_loss")).min().orElseThrow();
    double max = byLogLoss.trials().stream()
        .mapToDouble(t -> t.validationMetrics().get("log_loss")).max().orElseThrow();
    assertThat(min).isLessThan(max);
    assertThat(byLogLoss.validationMetrics().get("log_loss")).isEqualTo(min);

    CandidateResult byRmse = candidates.train("random_forest", waveTrain, waveValidation,
        "target", TaskType.REGRESSION, "rmse", 3, SEED);
    assertThat(byRmse.validationMetrics().get("rmse")).isEqualTo(byRmse.trials().stream()
        .mapToDouble(t -> t.validationMetrics().get("rmse")).min().orElseThrow());

    Selection selection = ModelSelection.select(waveResults, "rmse");
    CandidateResult lowest = waveResults.stream()
        .min(java.util.Comparator.comparingDouble(c -> c.validationMetrics().get("rmse"))).orElseThrow();
    assertThat(selection.selected()).isSameAs(lowest);
    assertThat(selection.reason()).startsWith(lowest.algorithm() + ": validation rmse ")
        .endsWith("(lower is better)");
  }

  @Test
  void selectionBreaksTiesForTheSimplerAndRanksMissingLast() {
    CandidateResult forest = fake("random_forest", Map.of("rmse", 2.0, "r2", 0.5));
    CandidateResult linear = fake("linear_regression", Map.of("rmse", 2.0, "r2", 0.5));
    CandidateResult baseline = fake("mean_baseline", Map.of("rmse", 3.0));
    Selection tie = ModelSelection.select(List.of(forest, baseline, linear), "rmse");
    assertThat(tie.selected()).isSameAs(linear);
    assertThat(tie.reason()).isEqualTo("linear_regression: validation rmse 2.000 vs "
        + "random_forest 2.000, mean_baseline 3.000 (lower is better); tied with random_forest, "
        + "so the simpler algorithm was chosen");
    Selection missing = ModelSelection.select(List.of(baseline, forest), "r2");
    assertThat(missing.selected()).isSameAs(forest);
    assertThat(missing.reason()).isEqualTo("random_forest: validation r2 0.500 vs "
        + "mean_baseline n/a");
    Selection close = ModelSelection.select(List.of(
        fake("majority_baseline", Map.of("accuracy", 0.9531)),
        fake("random_forest", Map.of("accuracy", 0.9534))), "accuracy");
    assertThat(close.reason()).isEqualTo(
        "random_forest: validation accuracy 0.9534 vs majority_baseline 0.9531");
  }

  @Test
  void retrainingWithRecordedParametersReproducesTheModelExactly() {
    for (CandidateResult c : xorResults) {
      Map<String, Double> recorded = evaluator.evaluate(load(c.model()), xorTest, "label");
      TrainingResult again = candidates.retrain(c.algorithm(), c.bestParameters(), xorTrain,
          "label", TaskType.CLASSIFICATION, SEED);
      assertThat(evaluator.evaluate(load(again), xorTest, "label")).isEqualTo(recorded);
      assertThat(load(again).predict(rows(xorTest, "label")))
          .isEqualTo(load(c.model()).predict(rows(xorTest, "label")));
      // Bytes differ only in provenance (Tribuo records the training time).
      assertThat(again.parameters()).isEqualTo(c.model().parameters());
      // The stored parameter map (with seed, features, ...) works as well.
      TrainingResult fromStored = candidates.retrain(c.algorithm(), c.model().parameters(),
          xorTrain, "label", TaskType.CLASSIFICATION, SEED);
      assertThat(load(fromStored).predict(rows(xorTest, "label")))
          .isEqualTo(load(c.model()).predict(rows(xorTest, "label")));
    }
    for (CandidateResult c : waveResults) {
      Map<String, Double> recorded = evaluator.evaluate(load(c.model()), waveTest, "target");
      TrainingResult again = candidates.retrain(c.algorithm(), c.bestParameters(), waveTrain,
          "target", TaskType.REGRESSION, SEED);
      assertThat(evaluator.evaluate(load(again), waveTest, "target")).isEqualTo(recorded);
    }
  }

  @Test
  void treeEnsemblesBeatLinearRegressionOnANonLinearTargetAndBoostingBeatsTheForest() {
    CandidateResult linear = find(waveResults, "linear_regression");
    CandidateResult forest = find(waveResults, "random_forest");
    CandidateResult boosting = find(waveResults, "gradient_boosting");
    CandidateResult mean = find(waveResults, "mean_baseline");
    assertThat(mean.validationMetrics().get("r2")).isBetween(-0.05, 0.0);
    for (CandidateResult trees : List.of(forest, boosting)) {
      assertThat(trees.validationMetrics().get("r2")).as(trees.algorithm()).isGreaterThan(0.85)
          .isGreaterThan(linear.validationMetrics().get("r2") + 0.3);
    }
    // A smooth target: boosting's additive trees fit it closer than averaged deep trees.
    assertThat(boosting.validationMetrics().get("rmse")).isLessThan(forest.validationMetrics().get("rmse"));
    Selection selection = ModelSelection.select(waveResults, "r2");
    assertThat(selection.selected()).isSameAs(boosting);
    assertThat(selection.reason()).startsWith("gradient_boosting: validation r2 0.")
        .contains("random_forest", "linear_regression", "mean_baseline");
    assertThat(evaluator.evaluate(load(boosting.model()), waveTest, "target").get("r2"))
        .isGreaterThan(0.85);
  }

  @Test
  void treeSchemasBinNumericColumns() {
    FeatureSchema forest = FeatureSchema.fromJson(
        find(xorResults, "random_forest").model().featureSchemaJson());
    FeatureColumn x = forest.columns().get(0);
    assertThat(x.name()).isEqualTo("x");
    assertThat(x.cutPoints()).hasSize(63).isSorted().doesNotHaveDuplicates();
    assertThat(FeatureSchema.bin(x.cutPoints(), -100)).isZero();
    assertThat(FeatureSchema.bin(x.cutPoints(), 100)).isEqualTo(63);
    FeatureSchema linear = FeatureSchema.fromJson(
        find(xorResults, "logistic_regression").model().featureSchemaJson());
    assertThat(linear.columns().get(0).cutPoints()).isNull();
    assertThat(linear.toJson()).doesNotContain("cutPoints");
    // Few distinct values: one bin each, boundaries halfway.
    List<String[]> rows = new ArrayList<>();
    for (String v : new String[] {"1", "2", "2", "5", "1", null}) {
      rows.add(new String[] {v});
    }
    assertThat(FeatureSchemaFitter.cutPoints(rows, 0, 64)).containsExactly(1.5, 3.5);
    // More distinct values than bins: quantiles, a value equal to a boundary falls below it.
    assertThat(FeatureSchemaFitter.cutPoints(rows, 0, 2)).containsExactly(2.0);
    assertThat(FeatureSchema.bin(List.of(2.0), 2.0)).isZero();
    assertThat(FeatureSchema.bin(List.of(2.0), 2.5)).isOne();
  }

  @Test
  void rejectsUnknownAlgorithmsMetricsParametersAndBudgets() {
    assertThatThrownBy(() -> candidates.train("svm", xorTrain, xorValidation, "label",
        TaskType.CLASSIFICATION, "accuracy", 4, SEED)).hasMessageContaining("Unknown algorithm");
    assertThatThrownBy(() -> candidates.train("linear_regression", xorTrain, xorValidation,
        "label", TaskType.CLASSIFICATION, "accuracy", 4, SEED))
        .hasMessageContaining("Unknown algorithm");
    assertThatThrownBy(() -> candidates.train("random_forest", xorTrain, xorValidation, "label",
        TaskType.CLASSIFICATION, "rmse", 4, SEED)).hasMessageContaining("not a classification");
    assertThatThrownBy(() -> candidates.train("random_forest", xorTrain, xorValidation, "label",
        TaskType.CLASSIFICATION, "accuracy", 0, SEED)).hasMessageContaining("budget");
    assertThatThrownBy(() -> candidates.retrain("random_forest", Map.of("treez", "3"), xorTrain,
        "label", TaskType.CLASSIFICATION, SEED)).hasMessageContaining("Unknown hyperparameter");
    assertThatThrownBy(() -> candidates.retrain("random_forest", Map.of("trees", "many"),
        xorTrain, "label", TaskType.CLASSIFICATION, SEED))
        .hasMessageContaining("trees='many' is not a whole number");
  }

  private static Map<String, String> withoutInformational(Map<String, String> parameters) {
    Map<String, String> m = new HashMap<>(parameters);
    m.keySet().removeAll(Algorithm.INFORMATIONAL);
    return m;
  }

  private static CandidateResult fake(String algorithm, Map<String, Double> metrics) {
    return new CandidateResult(algorithm, null, Map.of(), metrics, List.of());
  }

  private static CandidateResult find(List<CandidateResult> results, String algorithm) {
    return results.stream().filter(c -> c.algorithm().equals(algorithm)).findFirst()
        .orElseThrow();
  }

  private static TrainedModel load(TrainingResult r) {
    return TrainedModel.load(r.modelBytes(), r.featureSchemaJson());
  }

  private static Map<String, Long> counts(Dataset d) {
    int target = d.columnIndex("label");
    return d.rows().stream().collect(Collectors.groupingBy(r -> r[target], Collectors.counting()));
  }

  private static List<Map<String, Object>> rows(Dataset d, String target) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      Map<String, Object> row = ModelTrainerTest.row(d, i);
      row.remove(target);
      rows.add(row);
    }
    return rows;
  }
}
