package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mlpm.data.Dataset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckServiceTest {

  private static final String PROJECT = "churn";
  private static final String[] COLORS = {"red", "green", "blue"};
  private final Instant start = Instant.parse("2025-06-01T00:00:00Z");
  private MonitoringDb db;
  private long model;

  @BeforeEach
  void setUp() {
    db = new MonitoringDb(1000);
    db.project(PROJECT);
    model = db.productionModel(PROJECT, "classification", "{\"accuracy\":0.95,\"macro_f1\":0.94}");
    // Training: x ~ N(0, 1); color red 50 %, green 30 %, blue 20 %.
    Random random = new Random(1);
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      rows.add(new String[] {String.valueOf(random.nextGaussian()), color(random), i % 2 == 0 ? "yes" : "no"});
    }
    DriftBaseline baseline = DriftBaselines.fromTraining(new Dataset(List.of("x", "color", "y"), rows),
        List.of("x", "color"));
    db.baselineRepository.save(model, baseline);
  }

  private static String color(Random random) {
    double u = random.nextDouble();
    return u < 0.5 ? COLORS[0] : u < 0.8 ? COLORS[1] : COLORS[2];
  }

  /** Serves {@code n} predictions with x ~ N(shift, 1), a second apart; returns their ids. */
  private List<Long> serve(int n, double shift, long seed) {
    Random random = new Random(seed);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String input = String.format(Locale.ROOT, "{\"x\":%s,\"color\":\"%s\"}", random.nextGaussian() + shift,
          color(random));
      String label = i % 2 == 0 ? "yes" : "no";
      ids.add(db.prediction(PROJECT, model, input,
          "{\"value\":\"" + label + "\",\"probabilities\":{\"yes\":0.6,\"no\":0.4}}", start.plusSeconds(i)));
    }
    return ids;
  }

  private Instant after() {
    return start.plus(Duration.ofDays(1));
  }

  @Test
  void predictionsFromTheTrainingDistributionAreHealthy() {
    serve(1000, 0, 7);

    HealthReport report = db.service.check(PROJECT, after());

    assertThat(report.modelVersionId()).isEqualTo(model);
    assertThat(report.modelVersion()).isEqualTo(1);
    assertThat(report.predictions()).isEqualTo(1000);
    assertThat(report.oldestPrediction()).isEqualTo(start);
    assertThat(report.features()).extracting(FeatureDrift::feature).containsExactly("x", "color");
    assertThat(report.features()).allSatisfy(f -> {
      assertThat(f.psi()).isLessThan(0.05);
      assertThat(f.sampleSize()).isEqualTo(1000);
      assertThat(f.level()).isEqualTo(FeatureDrift.OK);
    });
    assertThat(report.maxPsi()).isLessThan(0.05);
    assertThat(report.liveMetricDrop()).isNull();
    assertThat(report.labelled()).isZero();
    assertThat(report.sentences()).anyMatch(s -> s.startsWith("No feature drifted: the largest PSI is 0.0")
        && s.contains("over the last 1,000 predictions (warn 0.1, fail 0.25)."));
    assertThat(report.sentences()).contains("Only 0 of the 1,000 predictions have feedback: live metrics need at"
        + " least 30.");
    assertThat(report.policyInputs()).containsEntry("predictions", 1000).containsEntry("labelled", 0)
        .containsEntry("liveMetricDrop", null).containsEntry("maxPsi", report.maxPsi());
  }

  @Test
  void shiftedInputsAreReportedAsDrift() {
    serve(1000, 1.5, 7);

    HealthReport report = db.service.check(PROJECT, after());

    FeatureDrift x = report.features().get(0);
    assertThat(x.psi()).isGreaterThan(0.25);
    assertThat(x.level()).isEqualTo(FeatureDrift.FAIL);
    assertThat(report.features().get(1).psi()).isLessThan(0.05);
    assertThat(report.maxPsi()).isEqualTo(x.psi());
    assertThat(report.maxPsiFeature()).isEqualTo("x");
    assertThat(report.driftedFeatures()).containsExactly("x");
    assertThat(report.sentences()).contains(String.format(Locale.ROOT,
        "Feature 'x' drifted: PSI %.2f over the last 1,000 predictions (warn 0.1, fail 0.25).", x.psi()));
    assertThat(report.findings()).contains(new HealthFinding("x", String.format(Locale.ROOT, "PSI %.2f", x.psi()),
        String.format(Locale.ROOT,
            "Feature 'x' drifted: PSI %.2f over the last 1,000 predictions (warn 0.1, fail 0.25).", x.psi())));
    assertThat(report.summary()).isEqualTo(String.format(Locale.ROOT, "1,000 predictions checked; 1 feature"
        + " shifted: x (PSI %.2f). Too little feedback for live metrics (0 labelled).", x.psi()));
    // The buckets say where the mass went: training had ~10 % at or above the 90th percentile.
    FeatureDrift.Bucket top = x.buckets().get(x.buckets().size() - 2);
    assertThat(top.expected()).isCloseTo(0.1, within(0.01));
    assertThat(top.actual()).isGreaterThan(0.4);
  }

  @Test
  void onlyTheNewestWindowOfTheProductionVersionCounts() {
    serve(500, 3.0, 3); // older and shifted: outside the window of 1,000
    serve(1000, 0, 7);
    long archived = db.registry.addCandidate(new io.mlpm.registry.NewModelVersion(PROJECT, 2, "other",
        "classification", "y", 1L, "sha", 42L, "{}", "{}", "test", new byte[] {1}));
    db.prediction(PROJECT, archived, "{\"x\":99,\"color\":\"purple\"}", "{\"value\":\"yes\"}", start);
    // Not yet made at the time of the check.
    db.prediction(PROJECT, model, "{\"x\":99,\"color\":\"purple\"}", "{\"value\":\"yes\"}", after().plusSeconds(1));

    HealthReport report = db.service.check(PROJECT, after());

    assertThat(report.predictions()).isEqualTo(1000);
    assertThat(report.maxPsi()).isLessThan(0.05);
  }

  @Test
  void feedbackGivesTheLiveMetricDrop() {
    List<Long> ids = serve(1000, 0, 7);
    // 100 labelled: the prediction alternates yes/no; 70 reported right, 30 wrong -> accuracy 0.70.
    for (int i = 0; i < 100; i++) {
      String predicted = i % 2 == 0 ? "yes" : "no";
      String wrong = i % 2 == 0 ? "no" : "yes";
      db.feedback(PROJECT, ids.get(i), i < 70 ? predicted : wrong);
    }

    HealthReport report = db.service.check(PROJECT, after());

    assertThat(report.labelled()).isEqualTo(100);
    assertThat(report.evaluationMetric()).isEqualTo("accuracy");
    assertThat(report.evaluationValue()).isEqualTo(0.95);
    assertThat(report.liveValue()).isCloseTo(0.70, within(1e-12));
    assertThat(report.liveMetrics()).containsKeys("accuracy", "macro_f1");
    // (0.95 - 0.70) / 0.95 = 0.2631578947
    assertThat(report.liveMetricDrop()).isCloseTo(0.2631578947, within(1e-9));
    assertThat(report.sentences()).contains("Live accuracy 0.70 on 100 labelled predictions is 26.3% worse than 0.95"
        + " at evaluation (allowed 10.0%).");
    assertThat(report.summary()).endsWith("Live accuracy 0.70 on 100 labelled, 26.3% worse than at evaluation"
        + " (0.95).");
    assertThat(report.policyInputs()).containsEntry("labelled", 100)
        .containsEntry("liveMetricDrop", report.liveMetricDrop());
  }

  @Test
  void tooLittleFeedbackGivesNoLiveMetric() {
    List<Long> ids = serve(200, 0, 7);
    for (int i = 0; i < 29; i++) {
      db.feedback(PROJECT, ids.get(i), "no");
    }

    HealthReport report = db.service.check(PROJECT, after());

    assertThat(report.labelled()).isEqualTo(29);
    assertThat(report.liveMetricDrop()).isNull();
    assertThat(report.liveMetrics()).isEmpty();
    assertThat(report.sentences()).contains("Only 29 of the 200 predictions have feedback: live metrics need at"
        + " least 30.");
  }

  @Test
  void acceptedDriftIsListedButLeftOutOfMaxPsi() {
    serve(1000, 1.5, 7);
    db.acceptances.accept(PROJECT, List.of("x"), "engineer", "new sensor calibration", Duration.ofDays(7),
        after().minusSeconds(60));

    HealthReport report = db.service.check(PROJECT, after());

    FeatureDrift x = report.features().get(0);
    assertThat(x.accepted()).isTrue();
    assertThat(x.acceptedBy()).isEqualTo("engineer");
    assertThat(x.psi()).isGreaterThan(0.25);
    assertThat(report.maxPsiFeature()).isEqualTo("color");
    assertThat(report.maxPsi()).isLessThan(0.05);
    assertThat(report.driftedFeatures()).isEmpty();
    assertThat(report.sentences()).anyMatch(s -> s.startsWith("Feature 'x' drifted: PSI ")
        && s.contains("accepted by engineer until 2025-06-08T23:59:00Z (new sensor calibration)"));

    // Once the acceptance has run out, the drift counts again.
    HealthReport later = db.service.check(PROJECT, after().plus(Duration.ofDays(8)));
    assertThat(later.features().get(0).accepted()).isFalse();
    assertThat(later.maxPsiFeature()).isEqualTo("x");
    assertThat(later.maxPsi()).isGreaterThan(0.25);
  }

  @Test
  void acceptanceNeedsFeaturesReasonAndAPeriod() {
    assertThatThrownBy(() -> db.acceptances.accept(PROJECT, List.of(), "u", "r", Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature");
    assertThatThrownBy(() -> db.acceptances.accept(PROJECT, List.of("x"), "u", " ", Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    assertThatThrownBy(() -> db.acceptances.accept(PROJECT, List.of("x"), "u", "r", Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
  }

  @Test
  void fewPredictionsAreSaidToBeTooFew() {
    serve(50, 0, 7);

    HealthReport report = db.service.check(PROJECT, after());

    assertThat(report.predictions()).isEqualTo(50);
    assertThat(report.sentences()).first().isEqualTo("Only 50 predictions of model version 1 so far: drift figures"
        + " need at least 100 to be reliable.");
  }

  @Test
  void noPredictionsAndNoProductionModel() {
    HealthReport none = db.service.check(PROJECT, after());
    assertThat(none.predictions()).isZero();
    assertThat(none.maxPsi()).isZero();
    assertThat(none.features()).allSatisfy(f -> assertThat(f.psi()).isNull());
    assertThat(none.sentences()).containsExactly("Model version 1 has served no predictions yet: no drift or live"
        + " metrics to report.");

    HealthReport noModel = db.service.check("unknown", after());
    assertThat(noModel.modelVersionId()).isNull();
    assertThat(noModel.sentences()).containsExactly("Project 'unknown' has no production model: nothing to check.");
  }

  @Test
  void regressionComparesRmse() {
    db.project("prices");
    long reg = db.productionModel("prices", "regression", "{\"rmse\":2.0,\"mae\":1.5,\"r2\":0.8}");
    db.baselineRepository.save(reg, DriftBaselines.fromTraining(new Dataset(List.of("x"),
        List.of(new String[] {"1"}, new String[] {"2"}, new String[] {"3"})), List.of("x")));
    for (int i = 0; i < 40; i++) {
      long id = db.prediction("prices", reg, "{\"x\":2}", "{\"value\":10.0}", start);
      // Errors of +-3: rmse 3, mae 3.
      db.feedback("prices", id, String.valueOf(i % 2 == 0 ? 13.0 : 7.0));
    }
    long bad = db.prediction("prices", reg, "{\"x\":2}", "{\"value\":10.0}", start);
    db.feedback("prices", bad, "n/a");

    HealthReport report = db.service.check("prices", after(), new HealthThresholds(0.1, 0.25, 0.2, 10, 30));

    assertThat(report.evaluationMetric()).isEqualTo("rmse");
    assertThat(report.labelled()).isEqualTo(40);
    assertThat(report.liveMetrics().get("rmse")).isCloseTo(3.0, within(1e-12));
    assertThat(report.liveMetrics().get("mae")).isCloseTo(3.0, within(1e-12));
    // Lower is better: (3.0 - 2.0) / 2.0 = 0.5 worse.
    assertThat(report.liveMetricDrop()).isCloseTo(0.5, within(1e-12));
    assertThat(report.sentences()).contains("Live rmse 3.00 on 40 labelled predictions is 50.0% worse than 2.00 at"
        + " evaluation (allowed 20.0%).", "1 feedback values are not numbers and were left out of the live metrics.");
  }

  @Test
  void degradationRespectsTheMetricDirection() {
    assertThat(HealthCheckService.degradation(0.9, 0.81, true)).isCloseTo(0.1, within(1e-12));
    assertThat(HealthCheckService.degradation(0.9, 0.99, true)).isCloseTo(-0.1, within(1e-12));
    assertThat(HealthCheckService.degradation(2.0, 2.5, false)).isCloseTo(0.25, within(1e-12));
    assertThat(HealthCheckService.degradation(0.0, 0.3, false)).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void checksAreStoredWithTheirVerdict() {
    serve(1000, 1.5, 7);
    HealthReport report = db.service.check(PROJECT, after());

    long first = db.checks.save(PROJECT, report, "OK");
    long second = db.checks.save(PROJECT, report, "DEGRADED");

    HealthChecks.HealthCheck latest = db.checks.latest(PROJECT).orElseThrow();
    assertThat(latest.id()).isEqualTo(second).isGreaterThan(first);
    assertThat(latest.verdict()).isEqualTo("DEGRADED");
    assertThat(latest.modelVersionId()).isEqualTo(model);
    assertThat(latest.report()).isEqualTo(report);
    assertThat(db.checks.find(first).orElseThrow().verdict()).isEqualTo("OK");
    assertThat(db.checks.find(999_999)).isEmpty();
    assertThat(db.checks.latest("unknown")).isEmpty();
    assertThatThrownBy(() -> db.checks.save(PROJECT, report, "A VERDICT WAY TOO LONG"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.checks.save("other", report, "OK")).isInstanceOf(IllegalArgumentException.class);
  }
}
