package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlpm.data.Dataset;
import io.mlpm.evaluation.EvaluationReport.ConfusionMatrix;
import io.mlpm.evaluation.EvaluationReport.Fairness;
import io.mlpm.evaluation.EvaluationReport.FeatureImportance;
import io.mlpm.evaluation.EvaluationReport.GroupFigures;
import io.mlpm.evaluation.EvaluationReport.Residuals;
import io.mlpm.evaluation.EvaluationReport.RocCurve;
import io.mlpm.evaluation.EvaluationReport.RocPoint;
import io.mlpm.ml.Metrics;
import io.mlpm.ml.TaskType;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.ModelTrainer;
import io.mlpm.training.Prediction;
import io.mlpm.training.TrainedModel;
import io.mlpm.training.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EvaluationReporterTest {

  // ------------------------------------------------------------------ hand-computed figures

  @Test
  void confusionMatrixCountsActualByPredictedInLabelOrder() {
    List<String> actual = List.of("cat", "cat", "dog", "dog", "dog", "eel");
    List<String> predicted = List.of("cat", "dog", "dog", "dog", "cat", "dog");
    List<String> classes = EvaluationReporter.classes(actual, predicted);

    ConfusionMatrix m = EvaluationReporter.confusion(actual, predicted, classes);

    assertThat(m.labels()).containsExactly("cat", "dog", "eel");
    assertThat(m.counts()).containsExactly(
        List.of(1, 1, 0),   // actual cat
        List.of(1, 2, 0),   // actual dog
        List.of(0, 1, 0));  // actual eel
    assertThat(m.count("dog", "cat")).isEqualTo(1);
  }

  @Test
  void rocCurveOfAKnownExampleHasAucThreeQuarters() {
    // The classic example: scores 0.1, 0.4, 0.35, 0.8 for n, n, p, p has AUC 0.75.
    List<String> actual = List.of("n", "n", "p", "p");
    List<Map<String, Double>> probabilities = List.of(
        Map.of("p", 0.1, "n", 0.9), Map.of("p", 0.4, "n", 0.6),
        Map.of("p", 0.35, "n", 0.65), Map.of("p", 0.8, "n", 0.2));

    List<RocCurve> curves = EvaluationReporter.rocCurves(actual, probabilities, List.of("n", "p"));

    assertThat(curves).hasSize(1); // binary: only the positive class, the second label
    RocCurve curve = curves.get(0);
    assertThat(curve.positiveClass()).isEqualTo("p");
    assertThat(curve.auc()).isCloseTo(0.75, within(1e-12));
    assertThat(curve.points()).extracting(RocPoint::falsePositiveRate, RocPoint::truePositiveRate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0.0, 0.0), org.assertj.core.groups.Tuple.tuple(0.0, 0.5),
            org.assertj.core.groups.Tuple.tuple(0.5, 0.5), org.assertj.core.groups.Tuple.tuple(0.5, 1.0),
            org.assertj.core.groups.Tuple.tuple(1.0, 1.0));
    assertThat(trapezoid(curve.points())).isCloseTo(curve.auc(), within(1e-12));
    // Consistent with the metric the criteria are checked against.
    assertThat(Metrics.classification(actual, List.of("n", "n", "n", "p"), probabilities).get("roc_auc"))
        .isCloseTo(curve.auc(), within(1e-12));
  }

  @Test
  void tiedScoresMoveTogetherAndTheAreaStillMatches() {
    List<String> actual = List.of("a", "b", "a", "b", "b");
    List<Map<String, Double>> p = List.of(Map.of("b", 0.5), Map.of("b", 0.5), Map.of("b", 0.2),
        Map.of("b", 0.9), Map.of("b", 0.2));
    RocCurve curve = EvaluationReporter.rocCurve(actual, p, "b");
    assertThat(curve.points()).hasSize(4); // origin + three distinct scores
    assertThat(trapezoid(curve.points())).isCloseTo(curve.auc(), within(1e-12));
  }

  @Test
  void multiClassGetsOneCurvePerClassAndAClassWithoutPositivesHasNoCurve() {
    List<String> actual = List.of("a", "b", "a", "b");
    List<Map<String, Double>> p = List.of(Map.of("a", 0.8, "b", 0.1, "c", 0.1),
        Map.of("a", 0.2, "b", 0.7, "c", 0.1), Map.of("a", 0.5, "b", 0.2, "c", 0.3),
        Map.of("a", 0.1, "b", 0.3, "c", 0.6));
    List<RocCurve> curves = EvaluationReporter.rocCurves(actual, p, List.of("a", "b", "c"));
    assertThat(curves).extracting(RocCurve::positiveClass).containsExactly("a", "b", "c");
    assertThat(curves.get(0).auc()).isEqualTo(1.0);
    assertThat(curves.get(2).auc()).isNull();
    assertThat(curves.get(2).points()).isEmpty();
  }

  @Test
  void residualSummaryOfAHandMadeExample() {
    double[] actual = {3, 5, 7, 9, 11};
    double[] predicted = {4, 5, 5, 9, 8}; // residuals -1, 0, 2, 0, 3
    Residuals r = EvaluationReporter.residuals(actual, predicted, 1);
    assertThat(r.count()).isEqualTo(5);
    assertThat(r.mean()).isCloseTo(0.8, within(1e-12));
    assertThat(r.min()).isEqualTo(-1);
    assertThat(r.q1()).isEqualTo(0);
    assertThat(r.median()).isEqualTo(0);
    assertThat(r.q3()).isEqualTo(2);
    assertThat(r.max()).isEqualTo(3);
    assertThat(r.meanAbsolute()).isCloseTo(1.2, within(1e-12));
    assertThat(r.std()).isCloseTo(Math.sqrt((1.8 * 1.8 + 0.64 + 1.44 + 0.64 + 2.2 * 2.2) / 5), within(1e-12));
    assertThat(r.sample()).hasSize(5);
    assertThat(r.sample().get(2).predicted()).isEqualTo(5);
    assertThat(r.sample().get(2).residual()).isEqualTo(2);
  }

  @Test
  void residualSampleIsBoundedAndSeeded() {
    int n = 5_000;
    double[] actual = new double[n];
    double[] predicted = new double[n];
    for (int i = 0; i < n; i++) {
      actual[i] = i;
      predicted[i] = i + (i % 7);
    }
    Residuals a = EvaluationReporter.residuals(actual, predicted, 42);
    Residuals b = EvaluationReporter.residuals(actual, predicted, 42);
    assertThat(a.sample()).hasSize(EvaluationReporter.MAX_RESIDUAL_POINTS).isEqualTo(b.sample());
    assertThat(a.count()).isEqualTo(n);
    assertThat(EvaluationReporter.residuals(actual, predicted, 43).sample()).isNotEqualTo(a.sample());
  }

  @Test
  void demographicParityDifferenceOfATinyHandMadeExample() {
    // Group A: 2 of 4 predicted "yes" (0.5); group B: 1 of 4 (0.25); one row without a group.
    List<String> groups = List.of("A", "A", "A", "A", "B", "B", "B", "B", EvaluationReporter.MISSING_GROUP);
    List<String> predicted = List.of("yes", "yes", "no", "no", "yes", "no", "no", "no", "yes");
    List<String> actual = List.of("yes", "no", "no", "no", "yes", "yes", "no", "no", "yes");
    Fairness f = EvaluationReporter.classificationFairness("region", groups, actual, predictions(predicted));

    assertThat(f.positiveClass()).isEqualTo("yes");
    assertThat(f.groups()).extracting(GroupFigures::group).containsExactly("A", "B", "(missing)");
    assertThat(f.groups()).extracting(GroupFigures::rows).containsExactly(4, 4, 1);
    assertThat(f.groups().get(0).selectionRates()).containsEntry("yes", 0.5).containsEntry("no", 0.5);
    assertThat(f.groups().get(1).selectionRates()).containsEntry("yes", 0.25);
    assertThat(f.groups().get(0).metrics().get("accuracy")).isEqualTo(0.75);
    assertThat(f.groups().get(1).metrics().get("accuracy")).isEqualTo(0.75);
    // max - min over A (0.5), B (0.25) and (missing) (1.0)
    assertThat(f.demographicParityDifference()).isCloseTo(0.75, within(1e-12));
    assertThat(f.selectionRateDifference()).containsOnlyKeys("yes");

    Fairness twoGroups = EvaluationReporter.classificationFairness("region", groups.subList(0, 8),
        actual.subList(0, 8), predictions(predicted.subList(0, 8)));
    assertThat(twoGroups.demographicParityDifference()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void multiClassFairnessReportsEachClassAndTheLargestDifference() {
    List<String> groups = List.of("x", "x", "y", "y");
    List<String> predicted = List.of("a", "b", "c", "c");
    Fairness f = EvaluationReporter.classificationFairness("g", groups, List.of("a", "b", "c", "a"),
        predictions(predicted));
    assertThat(f.positiveClass()).isNull();
    assertThat(f.selectionRateDifference()).containsEntry("a", 0.5).containsEntry("b", 0.5)
        .containsEntry("c", 1.0);
    assertThat(f.demographicParityDifference()).isEqualTo(1.0);
  }

  // ------------------------------------------------------------------ real models

  @Test
  void permutationImportanceFindsTheSignalAndNotTheNoise() {
    Dataset train = signalAndNoise(600, 1);
    Dataset test = signalAndNoise(300, 2);
    TrainedModel model = train(train, "label", TaskType.CLASSIFICATION);

    EvaluationReport report = new EvaluationReporter().report(model, test, "label", "accuracy", null, 7);

    assertThat(report.importance().metric()).isEqualTo("accuracy");
    assertThat(report.importance().repeats()).isEqualTo(3);
    List<FeatureImportance> features = report.importance().features();
    assertThat(features).extracting(FeatureImportance::feature).containsExactlyInAnyOrder("signal", "noise", "group");
    assertThat(features.get(0).feature()).isEqualTo("signal");
    assertThat(features.get(0).importance()).isGreaterThan(0.2);
    // Columns unrelated to the label: shuffling them changes almost nothing.
    assertThat(features.subList(1, 3)).allSatisfy(f -> assertThat(Math.abs(f.importance())).isLessThan(0.03));
    assertThat(report.metrics().get("accuracy")).isEqualTo(report.importance().baseline());
    assertThat(report.metrics()).isEqualTo(new ModelEvaluator().evaluate(model, test, "label"));
    // Seeded: the same report twice.
    assertThat(new EvaluationReporter().report(model, test, "label", "accuracy", null, 7)).isEqualTo(report);
  }

  @Test
  void lowerIsBetterMetricsAreSignedSoThatPositiveMeansImportant() {
    Dataset train = signalAndNoise(600, 3);
    Dataset test = signalAndNoise(300, 4);
    TrainedModel model = train(train, "label", TaskType.CLASSIFICATION);
    EvaluationReport report = new EvaluationReporter().report(model, test, "label", "log_loss", null, 7);
    assertThat(report.importance().metric()).isEqualTo("log_loss");
    assertThat(report.importance().higherIsBetter()).isFalse();
    assertThat(report.importance().features().get(0).feature()).isEqualTo("signal");
    assertThat(report.importance().features().get(0).importance()).isGreaterThan(0.1);
  }

  @Test
  void unknownOrUncomputedPrimaryMetricFallsBack() {
    Map<String, Double> m = Map.of("accuracy", 0.9);
    assertThat(EvaluationReporter.importanceMetric(TaskType.CLASSIFICATION, "roc_auc", m)).isEqualTo("accuracy");
    assertThat(EvaluationReporter.importanceMetric(TaskType.CLASSIFICATION, "rmse", m)).isEqualTo("accuracy");
    assertThat(EvaluationReporter.importanceMetric(TaskType.REGRESSION, null, Map.of())).isEqualTo("rmse");
    assertThat(EvaluationReporter.importanceMetric(TaskType.REGRESSION, "r2", Map.of("r2", 0.5))).isEqualTo("r2");
  }

  @Test
  void classificationReportHasConfusionRocAndFairness() {
    Dataset train = signalAndNoise(400, 5);
    Dataset test = signalAndNoise(200, 6);
    TrainedModel model = train(train, "label", TaskType.CLASSIFICATION);

    EvaluationReport report = new EvaluationReporter().report(model, test, "label", "roc_auc", "group", 3);

    assertThat(report.taskType()).isEqualTo("classification");
    assertThat(report.testRows()).isEqualTo(200);
    assertThat(report.confusion().labels()).containsExactly("neg", "pos");
    assertThat(report.confusion().counts().stream().flatMap(List::stream).mapToInt(Integer::intValue).sum())
        .isEqualTo(200);
    assertThat(report.roc()).singleElement().satisfies(c -> {
      assertThat(c.positiveClass()).isEqualTo("pos");
      assertThat(c.auc()).isCloseTo(report.metrics().get("roc_auc"), within(1e-12));
    });
    assertThat(report.residuals()).isNull();
    assertThat(report.fairness().groups()).extracting(GroupFigures::group).containsExactly("g1", "g2", "(missing)");
    assertThat(report.fairness().demographicParityDifference()).isBetween(0.0, 1.0);
    assertThat(EvaluationReports.fromJson(EvaluationReports.toJson(report))).isEqualTo(report);
  }

  @Test
  void aReportFromPredictionsAloneHasTheModelsFiguresButImportance() {
    Dataset train = signalAndNoise(400, 5);
    Dataset test = signalAndNoise(200, 6);
    TrainedModel model = train(train, "label", TaskType.CLASSIFICATION);
    EvaluationReport fromModel = new EvaluationReporter().report(model, test, "label", "roc_auc", "group", 3);
    int target = test.columnIndex("label");
    List<java.util.Map<String, Object>> inputs = new java.util.ArrayList<>();
    for (String[] row : test.rows()) {
      java.util.Map<String, Object> input = new java.util.HashMap<>();
      for (int c = 0; c < row.length; c++) {
        if (c != target) {
          input.put(test.columns().get(c), row[c]);
        }
      }
      inputs.add(input);
    }

    EvaluationReport fromPredictions = new EvaluationReporter().reportOfPredictions(TaskType.CLASSIFICATION,
        model.predict(inputs), test, "label", "group", 3);

    assertThat(fromPredictions.importance()).isNull();
    assertThat(fromPredictions).usingRecursiveComparison().ignoringFields("importance").isEqualTo(fromModel);
  }

  @Test
  void regressionReportHasResidualsAndMeanPredictionPerGroup() {
    Dataset train = linear(400, 8);
    Dataset test = linear(150, 9);
    TrainedModel model = train(train, "y", TaskType.REGRESSION);

    EvaluationReport report = new EvaluationReporter().report(model, test, "y", "rmse", "group", 3);

    assertThat(report.confusion()).isNull();
    assertThat(report.roc()).isEmpty();
    assertThat(report.residuals().count()).isEqualTo(150);
    assertThat(report.residuals().sample()).hasSize(150);
    assertThat(report.importance().features().get(0).feature()).isEqualTo("signal");
    assertThat(report.importance().features().get(0).importance()).isGreaterThan(1.0);
    assertThat(report.fairness().meanPredictionDifference()).isNotNull();
    assertThat(report.fairness().demographicParityDifference()).isNull();
    assertThat(EvaluationReports.fromJson(EvaluationReports.toJson(report))).isEqualTo(report);
  }

  @Test
  void aSensitiveAttributeThatIsNotAColumnIsReportedNotFatal() {
    TrainedModel model = train(signalAndNoise(200, 1), "label", TaskType.CLASSIFICATION);
    EvaluationReport report = new EvaluationReporter().report(model, signalAndNoise(50, 2), "label", null,
        "gender", 1);
    assertThat(report.fairness().groups()).isEmpty();
    assertThat(report.fairness().note()).contains("'gender'");
  }

  @Test
  void aMissingTargetColumnIsAClearError() {
    TrainedModel model = train(signalAndNoise(200, 1), "label", TaskType.CLASSIFICATION);
    assertThatThrownBy(() -> new EvaluationReporter().report(model, signalAndNoise(10, 2), "nope", null, null, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
  }

  // ------------------------------------------------------------------ helpers

  static TrainedModel train(Dataset data, String target, TaskType type) {
    TrainingResult r = new ModelTrainer().train(data, target, type, 11);
    return TrainedModel.load(r.modelBytes(), r.featureSchemaJson());
  }

  /** label = pos when signal > 0 (90% of the time); noise is independent; group is unrelated. */
  static Dataset signalAndNoise(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double signal = r.nextGaussian();
      boolean pos = (signal > 0) ^ (r.nextDouble() < 0.1);
      String group = i % 10 == 0 ? null : r.nextBoolean() ? "g1" : "g2";
      rows.add(new String[] {fmt(signal), fmt(r.nextGaussian()), group, pos ? "pos" : "neg"});
    }
    return new Dataset(List.of("signal", "noise", "group", "label"), rows);
  }

  /** y = 10 * signal + small noise. */
  static Dataset linear(int n, long seed) {
    Random r = new Random(seed);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double signal = r.nextGaussian();
      rows.add(new String[] {fmt(signal), fmt(r.nextGaussian()), r.nextBoolean() ? "g1" : "g2",
          fmt(10 * signal + r.nextGaussian() * 0.5)});
    }
    return new Dataset(List.of("signal", "noise", "group", "y"), rows);
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }

  private static List<Prediction> predictions(List<String> labels) {
    return labels.stream().map(l -> new Prediction(l, Map.of(l, 1.0))).toList();
  }

  private static double trapezoid(List<RocPoint> points) {
    double area = 0;
    for (int i = 1; i < points.size(); i++) {
      RocPoint a = points.get(i - 1);
      RocPoint b = points.get(i);
      area += (b.falsePositiveRate() - a.falsePositiveRate()) * (a.truePositiveRate() + b.truePositiveRate()) / 2;
    }
    return area;
  }
}
