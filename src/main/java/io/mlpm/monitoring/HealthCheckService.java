package io.mlpm.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.data.Cells;
import io.mlpm.ml.Metric;
import io.mlpm.ml.Metrics;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Checks a project's production model: how far the newest served inputs drifted from the
 * training distribution (PSI per feature) and, where feedback exists, how the live metric
 * compares with the one measured at evaluation. Reads a bounded window of predictions and keeps
 * only bucket counts and labelled pairs in memory. Stores nothing: see {@link HealthChecks}.
 */
@Service
public class HealthCheckService {

  public static final int DEFAULT_WINDOW = 1000;
  public static final int MAX_WINDOW = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(HealthCheckService.class);

  private final JdbcTemplate jdbc;
  private final ModelRegistry registry;
  private final BaselineService baselines;
  private final DriftAcceptances acceptances;
  private final int window;

  public HealthCheckService(JdbcTemplate jdbc, ModelRegistry registry, BaselineService baselines,
      DriftAcceptances acceptances, @Value("${mlpm.monitoring.window:" + DEFAULT_WINDOW + "}") int window) {
    if (window < 1 || window > MAX_WINDOW) {
      throw new IllegalArgumentException("mlpm.monitoring.window must be 1 to " + MAX_WINDOW + ", got " + window + ".");
    }
    this.jdbc = jdbc;
    this.registry = registry;
    this.baselines = baselines;
    this.acceptances = acceptances;
    this.window = window;
  }

  public int window() {
    return window;
  }

  public HealthReport check(String projectKey, Instant now) {
    return check(projectKey, now, HealthThresholds.DEFAULTS);
  }

  /**
   * Checks the newest predictions (made at or before {@code now}) of the project's production
   * model version against its drift baseline (created from the training split when missing).
   */
  public HealthReport check(String projectKey, Instant now, HealthThresholds t) {
    Optional<ModelVersion> production = registry.production(projectKey);
    if (production.isEmpty()) {
      return new HealthReport(projectKey, now, null, null, null, window, 0, null, 0, List.of(), 0.0, null, null, null,
          Map.of(), null, null, t, List.of(HealthFinding.general(
          "Project '" + projectKey + "' has no production model: nothing to check.")));
    }
    ModelVersion model = production.get();
    TaskType taskType = TaskType.fromCode(model.taskType()).orElseThrow(() -> new IllegalStateException(
        "Model " + model.id() + " has an unknown task type '" + model.taskType() + "'."));
    DriftBaseline baseline = baselines.ensure(model.id());
    Window w = read(projectKey, model.id(), now, baseline, taskType);

    Map<String, DriftAcceptances.Acceptance> accepted = acceptances.active(projectKey, now);
    List<FeatureDrift> features = new ArrayList<>();
    for (int i = 0; i < baseline.features().size(); i++) {
      features.add(drift(baseline.features().get(i), w.counts[i], w.predictions, accepted, t));
    }
    FeatureDrift worst = features.stream().filter(f -> !f.accepted() && f.psi() != null)
        .max(Comparator.comparingDouble(FeatureDrift::psi)).orElse(null);
    double maxPsi = worst == null ? 0.0 : worst.psi();

    List<HealthFinding> findings = new ArrayList<>();
    if (w.predictions == 0) {
      findings.add(HealthFinding.general("Model version " + label(model) + " has served no predictions yet: no drift"
          + " or live metrics to report."));
    } else if (w.predictions < t.minPredictions()) {
      findings.add(new HealthFinding(null, count(w.predictions) + " predictions", "Only " + count(w.predictions)
          + " predictions of model version " + label(model) + " so far: drift figures need at least "
          + count(t.minPredictions()) + " to be reliable."));
    }
    driftFindings(features, worst, w.predictions, t, findings);
    if (w.unreadable > 0) {
      findings.add(HealthFinding.general(count(w.unreadable) + " logged predictions could not be read and were left"
          + " out."));
    }

    // Live metrics from feedback.
    String metricCode = taskType == TaskType.CLASSIFICATION ? Metric.ACCURACY.code() : Metric.RMSE.code();
    Metric metric = Metric.fromCode(metricCode).orElseThrow();
    Double evaluationValue = evaluationMetric(model, metricCode);
    int labelled = w.labelled();
    Map<String, Double> live = new LinkedHashMap<>();
    Double liveValue = null;
    Double drop = null;
    if (w.unusableFeedback > 0) {
      findings.add(HealthFinding.general(count(w.unusableFeedback) + " feedback values are not numbers and were left"
          + " out of the live metrics."));
    }
    if (labelled >= t.minFeedback()) {
      live.putAll(liveMetrics(w, taskType));
      liveValue = live.get(metricCode);
      if (evaluationValue == null) {
        findings.add(new HealthFinding(null, metricCode + " " + figure(liveValue), String.format(Locale.ROOT,
            "Live %s %s on %s labelled predictions; the model version has no evaluation %s to compare it with.",
            metricCode, figure(liveValue), count(labelled), metricCode)));
      } else {
        drop = degradation(evaluationValue, liveValue, metric.higherIsBetter());
        findings.add(new HealthFinding(null, metricCode + " " + figure(liveValue),
            liveFinding(metricCode, liveValue, evaluationValue, drop, labelled, t)));
      }
    } else if (w.predictions > 0) {
      findings.add(new HealthFinding(null, count(labelled) + " labelled", "Only " + count(labelled) + " of the "
          + count(w.predictions) + " predictions have feedback: live metrics need at least " + count(t.minFeedback())
          + "."));
    }

    LOG.info("Project {}: health check of model {} over {} predictions: max PSI {} ({}), live metric drop {}",
        projectKey, model.id(), w.predictions, figure(maxPsi), worst == null ? "-" : worst.feature(), drop);
    return new HealthReport(projectKey, now, model.id(), model.version(), taskType.code(), window, w.predictions,
        w.oldest, labelled, features, maxPsi, worst == null ? null : worst.feature(), metricCode, evaluationValue,
        live, liveValue, drop, t, findings);
  }

  /** What the window of predictions holds: bucket counts per feature and labelled pairs. */
  private static final class Window {
    final long[][] counts;
    int predictions;
    int unreadable;
    int unusableFeedback;
    Instant oldest;
    final List<String> actualLabels = new ArrayList<>();
    final List<String> predictedLabels = new ArrayList<>();
    final List<Double> actualValues = new ArrayList<>();
    final List<Double> predictedValues = new ArrayList<>();

    Window(DriftBaseline baseline) {
      counts = new long[baseline.features().size()][];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new long[baseline.features().get(i).bucketCount()];
      }
    }

    int labelled() {
      return actualLabels.size() + actualValues.size();
    }
  }

  private Window read(String projectKey, long modelVersionId, Instant now, DriftBaseline baseline, TaskType type) {
    Window w = new Window(baseline);
    List<FeatureBaseline> features = baseline.features();
    jdbc.query("SELECT p.input_json, p.output_json, p.created_at, f.actual FROM mlpm_prediction p"
        + " LEFT JOIN mlpm_feedback f ON f.prediction_id = p.id"
        + " WHERE p.project_key = ? AND p.model_version_id = ? AND p.created_at <= ?"
        + " ORDER BY p.id DESC LIMIT " + window, rs -> {
          JsonNode input;
          JsonNode output;
          try {
            input = MonitoringJson.MAPPER.readTree(rs.getString("input_json"));
            output = MonitoringJson.MAPPER.readTree(rs.getString("output_json"));
          } catch (JsonProcessingException e) {
            w.unreadable++;
            return;
          }
          w.predictions++;
          w.oldest = rs.getTimestamp("created_at").toInstant();
          for (int i = 0; i < features.size(); i++) {
            FeatureBaseline f = features.get(i);
            w.counts[i][f.bucketOf(input == null ? null : input.get(f.name()))]++;
          }
          String actual = Cells.normalize(rs.getString("actual"));
          JsonNode value = output == null ? null : output.get("value");
          if (actual == null || value == null || value.isNull()) {
            return;
          }
          if (type == TaskType.CLASSIFICATION) {
            w.actualLabels.add(actual);
            w.predictedLabels.add(value.asText());
          } else {
            Double a = Cells.number(actual);
            Double p = value.isNumber() ? Double.valueOf(value.doubleValue()) : Cells.number(value.asText());
            if (a == null || p == null) {
              w.unusableFeedback++;
            } else {
              w.actualValues.add(a);
              w.predictedValues.add(p);
            }
          }
        }, projectKey, modelVersionId, Timestamp.from(now));
    return w;
  }

  private static FeatureDrift drift(FeatureBaseline f, long[] counts, int n,
      Map<String, DriftAcceptances.Acceptance> accepted, HealthThresholds t) {
    double[] expected = f.expectedArray();
    double[] actual = Psi.proportions(counts);
    Double psi = n == 0 ? null : Psi.of(expected, actual);
    String level = psi == null ? null
        : psi >= t.psiFail() ? FeatureDrift.FAIL : psi >= t.psiWarn() ? FeatureDrift.WARN : FeatureDrift.OK;
    List<String> labels = f.bucketLabels();
    List<FeatureDrift.Bucket> buckets = new ArrayList<>();
    for (int b = 0; b < expected.length; b++) {
      buckets.add(new FeatureDrift.Bucket(labels.get(b), expected[b], actual[b]));
    }
    DriftAcceptances.Acceptance a = accepted.get(f.name());
    return new FeatureDrift(f.name(), f.kind(), psi, n, (int) counts[f.missingBucket()], level, a != null,
        a == null ? null : a.acceptedBy(), a == null ? null : a.until(), a == null ? null : a.reason(), buckets);
  }

  private static void driftFindings(List<FeatureDrift> features, FeatureDrift worst, int n, HealthThresholds t,
      List<HealthFinding> findings) {
    if (n == 0) {
      return;
    }
    String over = " over the last " + count(n) + " predictions (warn " + limit(t.psiWarn()) + ", fail "
        + limit(t.psiFail()) + ")";
    List<FeatureDrift> sorted = features.stream().filter(f -> f.psi() != null)
        .sorted(Comparator.comparingDouble(FeatureDrift::psi).reversed()).toList();
    for (FeatureDrift f : sorted) {
      String what = FeatureDrift.FAIL.equals(f.level()) ? "drifted"
          : FeatureDrift.WARN.equals(f.level()) ? "shifted" : null;
      if (what == null) {
        continue;
      }
      String sentence = "Feature '" + f.feature() + "' " + what + ": PSI " + figure(f.psi()) + over;
      if (f.accepted()) {
        sentence += "; accepted by " + (f.acceptedBy() == null ? "an unknown user" : f.acceptedBy()) + " until "
            + f.acceptedUntil() + " (" + f.acceptanceReason() + "), so it does not count";
      }
      findings.add(new HealthFinding(f.feature(), "PSI " + figure(f.psi()), sentence + "."));
    }
    if (worst == null || worst.psi() < t.psiWarn()) {
      findings.add(new HealthFinding(worst == null ? null : worst.feature(),
          worst == null ? null : "PSI " + figure(worst.psi()), "No feature drifted" + (worst == null ? ""
          : ": the largest PSI is " + figure(worst.psi()) + " ('" + worst.feature() + "')") + over + "."));
    }
  }

  private static Map<String, Double> liveMetrics(Window w, TaskType type) {
    if (type == TaskType.CLASSIFICATION) {
      return Metrics.classification(w.actualLabels, w.predictedLabels, null);
    }
    double[] actual = w.actualValues.stream().mapToDouble(Double::doubleValue).toArray();
    double[] predicted = w.predictedValues.stream().mapToDouble(Double::doubleValue).toArray();
    return Metrics.regression(actual, predicted);
  }

  /**
   * Relative degradation, positive = worse: {@code (evaluation − live) / |evaluation|} when
   * higher is better, {@code (live − evaluation) / |evaluation|} when lower is better. With an
   * evaluation value of 0 (a perfect rmse) the absolute difference is used instead.
   */
  static double degradation(double evaluation, double live, boolean higherIsBetter) {
    double worse = higherIsBetter ? evaluation - live : live - evaluation;
    return Math.abs(evaluation) < 1e-12 ? worse : worse / Math.abs(evaluation);
  }

  private static String liveFinding(String metric, double live, double evaluation, double drop, int labelled,
      HealthThresholds t) {
    String head = "Live " + metric + " " + figure(live) + " on " + count(labelled) + " labelled predictions";
    String allowed = percent(t.maxMetricDrop());
    if (drop > t.maxMetricDrop()) {
      return head + " is " + percent(drop) + " worse than " + figure(evaluation) + " at evaluation (allowed "
          + allowed + ").";
    }
    return head + " is within the allowed " + allowed + " of " + figure(evaluation) + " at evaluation ("
        + (drop >= 0 ? percent(drop) + " worse" : percent(-drop) + " better") + ").";
  }

  private static Double evaluationMetric(ModelVersion model, String code) {
    if (model.metricsJson() == null || model.metricsJson().isBlank()) {
      return null;
    }
    try {
      JsonNode v = MonitoringJson.MAPPER.readTree(model.metricsJson()).get(code);
      return v != null && v.isNumber() ? v.doubleValue() : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String label(ModelVersion m) {
    return m.version() == null ? "(id " + m.id() + ")" : String.valueOf(m.version());
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Two decimals, three below 0.1 so that small figures stay visible: 0.31, 0.052. */
  static String figure(double d) {
    return String.format(Locale.ROOT, Math.abs(d) >= 0.1 || d == 0 ? "%.2f" : "%.3f", d);
  }

  /** A configured limit as written: 0.1, 0.25. */
  static String limit(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
