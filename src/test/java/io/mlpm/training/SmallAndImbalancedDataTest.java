package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlpm.MlpmProperties;
import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Issue 17 items 3 and 4: k-fold cross-validation for small data, class weights for imbalance. */
class SmallAndImbalancedDataTest {

  static final long SEED = 42;
  final CandidateTrainer candidates = new CandidateTrainer();

  // --- cross-validation ------------------------------------------------------------------------

  @Test
  void foldsAreSeededStratifiedAndAPartitionOfTheRows() {
    List<String[]> rows = new ArrayList<>();
    // 3 classes of 50, 31 and 7 rows.
    for (int i = 0; i < 88; i++) {
      rows.add(new String[] {String.valueOf(i), i < 50 ? "a" : i < 81 ? "b" : "c"});
    }
    int[] folds = CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 5, SEED);
    assertThat(CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 5, SEED)).as("seeded").isEqualTo(folds);
    assertThat(CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 5, SEED + 1)).isNotEqualTo(folds);
    Map<String, int[]> perClass = new HashMap<>();
    int[] sizes = new int[5];
    for (int i = 0; i < rows.size(); i++) {
      assertThat(folds[i]).isBetween(0, 4);
      perClass.computeIfAbsent(rows.get(i)[1], c -> new int[5])[folds[i]]++;
      sizes[folds[i]]++;
    }
    // Each class within one row of its share in every fold, and the folds within one row of each other.
    assertThat(perClass.get("a")).containsOnly(10);
    assertThat(perClass.get("b")).containsOnly(6, 7);
    assertThat(perClass.get("c")).containsOnly(1, 2);
    assertThat(java.util.Arrays.stream(sizes).max().getAsInt() - java.util.Arrays.stream(sizes).min().getAsInt())
        .isLessThanOrEqualTo(1);
    int[] regression = CrossValidation.assign(rows, 0, TaskType.REGRESSION, 4, SEED);
    int[] regressionSizes = new int[4];
    for (int f : regression) {
      regressionSizes[f]++;
    }
    assertThat(regressionSizes).containsOnly(22);
    assertThatThrownBy(() -> CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 1, SEED))
        .hasMessageContaining("at least 2 folds");
  }

  @Test
  void identicalRowsShareTheirFoldSoNoFoldIsScoredOnCopiesOfItsTrainingRows() {
    List<String[]> rows = new ArrayList<>();
    // A survey kept with its duplicates: 12 distinct answers, each given 5 to 16 times.
    for (int i = 0; i < 120; i++) {
      int answer = (i * 7) % 12;
      rows.add(new String[] {String.valueOf(answer), answer % 3 == 0 ? "a" : "b"});
    }
    int[] folds = CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 5, SEED);
    Map<String, java.util.Set<Integer>> foldsOfRow = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      foldsOfRow.computeIfAbsent(String.join(",", rows.get(i)), r -> new HashSet<>()).add(folds[i]);
    }
    assertThat(foldsOfRow).hasSize(12).allSatisfy((row, in) -> assertThat(in).hasSize(1));
    assertThat(CrossValidation.assign(rows, 1, TaskType.CLASSIFICATION, 5, SEED)).isEqualTo(folds);
  }

  @Test
  void dataTooSmallToFoldIsTunedOnTheValidationSplit() {
    // One row of the rare class: a fold without it in training would learn one class only.
    Dataset data = rare(60, 0.0, 5);
    List<String[]> rows = new ArrayList<>(data.rows());
    rows.set(0, new String[] {"1.5", "0.1", "rare"});
    Dataset train = NonLinearData.slice(new Dataset(data.columns(), rows), 0, 45);
    Dataset validation = NonLinearData.slice(new Dataset(data.columns(), rows), 45, 60);
    CandidateResult result = candidates.train("logistic_regression", train, validation, "label",
        TaskType.CLASSIFICATION, "accuracy", 1, SEED, 5);
    assertThat(result.folds()).isZero();
    assertThat(result.trials()).singleElement().satisfies(t -> assertThat(t.foldScores()).isNull());
  }

  @Test
  void theMeanOfTheFoldsLeavesOutWhatNoFoldHas() {
    Map<String, Double> a = new LinkedHashMap<>();
    a.put("accuracy", 0.8);
    a.put("roc_auc", Double.NaN);
    Map<String, Double> b = new LinkedHashMap<>();
    b.put("accuracy", 0.6);
    b.put("roc_auc", 0.7);
    b.put("only_nan", Double.NaN);
    assertThat(CrossValidation.mean(List.of(a, b)))
        .containsExactly(Map.entry("accuracy", 0.7), Map.entry("roc_auc", 0.7));
  }

  @Test
  void everyTrialIsScoredOnEveryFoldAndTheCandidateIsTrainedOnTheTrainingSplit() {
    Dataset iris = iris();
    Dataset train = NonLinearData.slice(iris, 0, 100);
    Dataset validation = NonLinearData.slice(iris, 100, 150);
    CandidateResult result = candidates.train("random_forest", train, validation, "species",
        TaskType.CLASSIFICATION, "accuracy", 3, SEED, 5);

    assertThat(result.folds()).isEqualTo(5);
    assertThat(result.trials()).hasSize(3).allSatisfy(t -> {
      assertThat(t.foldScores()).hasSize(5).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
      assertThat(t.validationMetrics().get("accuracy"))
          .isCloseTo(t.foldScores().stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-12));
    });
    Trial best = result.trials().stream().filter(t -> t.parameters().equals(result.bestParameters())).findFirst()
        .orElseThrow();
    assertThat(result.validationMetrics()).isEqualTo(best.validationMetrics());
    // The stored model is the chosen configuration trained on the training split with the seed.
    TrainingResult again = candidates.retrain("random_forest", result.bestParameters(), train, "species",
        TaskType.CLASSIFICATION, SEED);
    assertThat(predictions(again, validation)).isEqualTo(predictions(result.model(), validation));
    assertThat(result.model().provenance()).contains("MLPM training split, 100 rows");
    // The same rows, seed and folds give the same trials.
    CandidateResult repeat = candidates.train("random_forest", train, validation, "species",
        TaskType.CLASSIFICATION, "accuracy", 3, SEED, 5);
    assertThat(repeat.trials().stream().map(Trial::foldScores).toList())
        .isEqualTo(result.trials().stream().map(Trial::foldScores).toList());
    // On the validation split, trials have no fold scores.
    CandidateResult holdout = candidates.train("random_forest", train, validation, "species",
        TaskType.CLASSIFICATION, "accuracy", 1, SEED);
    assertThat(holdout.folds()).isZero();
    assertThat(holdout.trials()).allSatisfy(t -> assertThat(t.foldScores()).isNull());
  }

  @Test
  void crossValidationIsForSmallDataAndCanBeTurnedOff() {
    MlpmProperties.Training defaults = new MlpmProperties.Training(0, 0);
    assertThat(defaults.crossValidationBelowRows()).isEqualTo(10_000);
    assertThat(defaults.foldsFor(9_999)).isEqualTo(5);
    assertThat(defaults.foldsFor(10_000)).isZero();
    assertThat(defaults.foldsFor(9)).as("fewer rows than two per fold").isZero();
    assertThat(new MlpmProperties.Training(-1, 0).foldsFor(100)).isZero();
    assertThat(new MlpmProperties.Training(500, 10).foldsFor(499)).isEqualTo(10);
    assertThatThrownBy(() -> new MlpmProperties.Training(0, 1)).hasMessageContaining("2..20");
    assertThatThrownBy(() -> new MlpmProperties.Training(0, 21)).hasMessageContaining("2..20");
  }

  // --- class weights ---------------------------------------------------------------------------

  @Test
  void classesAreImbalancedWhenTheRarestHasLessThanHalfTheMostFrequentsRows() {
    assertThat(CandidateTrainer.imbalanced(labels(60, 40), "label")).isFalse();
    assertThat(CandidateTrainer.imbalanced(labels(60, 30), "label")).isFalse();
    assertThat(CandidateTrainer.imbalanced(labels(60, 29), "label")).isTrue();
    assertThat(CandidateTrainer.imbalanced(labels(90, 10), "label")).isTrue();
  }

  @Test
  void theTunerTriesBalancedWeightsSecondWhereClassesAreImbalanced() {
    for (Algorithm algorithm : List.of(Algorithm.LOGISTIC_REGRESSION, Algorithm.RANDOM_FOREST,
        Algorithm.GRADIENT_BOOSTING)) {
      List<Map<String, String>> plain = CandidateTrainer.configurations(algorithm, 4, SEED);
      List<Map<String, String>> weighed = CandidateTrainer.configurations(algorithm, 4, SEED, true);
      assertThat(plain).noneMatch(c -> c.containsKey(ModelTrainer.CLASS_WEIGHT));
      assertThat(weighed).hasSize(4).doesNotHaveDuplicates();
      assertThat(weighed.get(0)).isEqualTo(algorithm.defaultParameters());
      Map<String, String> balancedDefaults = new HashMap<>(algorithm.defaultParameters());
      balancedDefaults.put("class_weight", "balanced");
      assertThat(weighed.get(1)).isEqualTo(balancedDefaults);
      assertThat(CandidateTrainer.configurations(algorithm, 1, SEED, true)).containsExactly(
          algorithm.defaultParameters());
    }
    assertThat(Algorithm.MAJORITY_BASELINE.weighsClasses(TaskType.CLASSIFICATION)).isFalse();
    assertThat(Algorithm.RANDOM_FOREST.weighsClasses(TaskType.REGRESSION)).isFalse();
  }

  @Test
  void classWeightIsAHyperparameterOfClassifiersOnly() {
    Dataset data = rare(600, 0.06, 3);
    for (String algorithm : List.of("logistic_regression", "random_forest", "gradient_boosting")) {
      TrainingResult weighed = candidates.retrain(algorithm, Map.of("class_weight", "balanced"), data, "label",
          TaskType.CLASSIFICATION, SEED);
      assertThat(weighed.parameters()).containsEntry("class_weight", "balanced");
      // A recorded parameter map trains the same model again.
      assertThat(predictions(candidates.retrain(algorithm, weighed.parameters(), data, "label",
          TaskType.CLASSIFICATION, SEED), data)).isEqualTo(predictions(weighed, data));
      TrainingResult none = candidates.retrain(algorithm, Map.of("class_weight", "none"), data, "label",
          TaskType.CLASSIFICATION, SEED);
      assertThat(none.parameters()).doesNotContainKey("class_weight");
      assertThat(predictions(none, data)).isNotEqualTo(predictions(weighed, data));
    }
    assertThatThrownBy(() -> candidates.retrain("logistic_regression", Map.of("class_weight", "heavy"), data,
        "label", TaskType.CLASSIFICATION, SEED)).hasMessageContaining("class_weight='heavy'");
    assertThatThrownBy(() -> candidates.retrain("majority_baseline", Map.of("class_weight", "balanced"), data,
        "label", TaskType.CLASSIFICATION, SEED)).hasMessageContaining("Unknown hyperparameter 'class_weight'");
    Dataset wave = NonLinearData.wave(200, 1);
    assertThatThrownBy(() -> candidates.retrain("random_forest", Map.of("class_weight", "balanced"), wave,
        "target", TaskType.REGRESSION, SEED)).hasMessageContaining("Unknown hyperparameter 'class_weight'");
  }

  @Test
  void balancedWeightsFindTheRareClassAndTheFirstMetricChoosesThem() {
    Dataset data = rare(4_000, 0.05, 11);
    Dataset train = NonLinearData.slice(data, 0, 2_500);
    Dataset validation = NonLinearData.slice(data, 2_500, 4_000);
    ModelEvaluator evaluator = new ModelEvaluator();
    Map<String, Double> plain = evaluator.evaluate(loaded(candidates.retrain("logistic_regression",
        Map.of(), train, "label", TaskType.CLASSIFICATION, SEED)), validation, "label");
    Map<String, Double> balanced = evaluator.evaluate(loaded(candidates.retrain("logistic_regression",
        Map.of("class_weight", "balanced"), train, "label", TaskType.CLASSIFICATION, SEED)), validation, "label");
    assertThat(balanced.get("macro_recall")).isGreaterThan(plain.get("macro_recall") + 0.1);
    assertThat(balanced.get("macro_f1")).isGreaterThan(plain.get("macro_f1"));

    // Tuned by macro F1, the balanced trial wins; tuned by accuracy, it does not.
    CandidateResult byF1 = candidates.train("logistic_regression", train, validation, "label",
        TaskType.CLASSIFICATION, "macro_f1", 2, SEED);
    assertThat(byF1.trials()).extracting(t -> t.parameters().get("class_weight"))
        .containsExactly(null, "balanced");
    assertThat(byF1.bestParameters()).containsEntry("class_weight", "balanced");
    CandidateResult byAccuracy = candidates.train("logistic_regression", train, validation, "label",
        TaskType.CLASSIFICATION, "accuracy", 2, SEED);
    assertThat(byAccuracy.bestParameters()).doesNotContainKey("class_weight");
  }

  // --- data ------------------------------------------------------------------------------------

  /** Two overlapping classes: "rare" (share {@code rare}) sits at x ≈ 1, "common" at x ≈ 0. */
  static Dataset rare(int n, double rare, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean isRare = r.nextDouble() < rare;
      double x = (isRare ? 1.0 : 0.0) + 0.6 * r.nextGaussian();
      rows.add(new String[] {fmt(x), fmt(r.nextGaussian()), isRare ? "rare" : "common"});
    }
    return new Dataset(List.of("x", "noise", "label"), rows);
  }

  /** Each row's predicted value and probabilities (model bytes carry the training time). */
  private static List<String> predictions(TrainingResult result, Dataset rows) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (String[] row : rows.rows()) {
      Map<String, Object> input = new HashMap<>();
      for (int c = 0; c < row.length; c++) {
        input.put(rows.columns().get(c), row[c]);
      }
      inputs.add(input);
    }
    return loaded(result).predict(inputs).stream().map(p -> p.value() + " " + p.probabilities()).toList();
  }

  private static TrainedModel loaded(TrainingResult result) {
    return TrainedModel.load(result.modelBytes(), result.featureSchemaJson());
  }

  private static Dataset labels(int a, int b) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < a + b; i++) {
      rows.add(new String[] {String.valueOf(i), i < a ? "a" : "b"});
    }
    return new Dataset(List.of("x", "label"), rows);
  }

  private static Dataset iris() {
    try (java.io.InputStream in = SmallAndImbalancedDataTest.class.getResourceAsStream("/demo/iris.csv")) {
      List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank()).toList();
      List<String[]> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        rows.add(line.split(","));
      }
      // Shuffled once, seeded: the file is sorted by species.
      java.util.Collections.shuffle(rows, new Random(3));
      return new Dataset(List.of(lines.get(0).split(",")), rows);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
