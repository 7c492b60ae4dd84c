package io.mlpm.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One health check of a project's production model: input drift per feature and live metrics
 * from feedback, with findings in words. It carries no verdict; the monitoring DMN decides that
 * from {@link #policyInputs()}.
 *
 * @param modelVersionId the production model version checked; null when the project has none
 * @param window how many of the newest predictions a check looks at
 * @param predictions predictions of that model version looked at (at most {@code window})
 * @param oldestPrediction time of the oldest of them; null without predictions
 * @param labelled of those, how many have usable feedback
 * @param maxPsi largest PSI among the features not accepted; 0 when there is none
 * @param maxPsiFeature the feature with {@code maxPsi}; null when there is none
 * @param evaluationMetric the metric compared: {@code accuracy} (classification) or {@code rmse}
 * @param evaluationValue that metric on the test split when the model was evaluated
 * @param liveMetrics metrics over the labelled predictions; empty below {@code minFeedback}
 * @param liveValue {@code evaluationMetric} over the labelled predictions
 * @param liveMetricDrop relative degradation from evaluation to live, positive = worse (0.1 =
 *     10 % worse); null when there is too little feedback or nothing to compare with
 */
public record HealthReport(
    String projectKey,
    Instant checkedAt,
    Long modelVersionId,
    Integer modelVersion,
    String taskType,
    int window,
    int predictions,
    Instant oldestPrediction,
    int labelled,
    List<FeatureDrift> features,
    double maxPsi,
    String maxPsiFeature,
    String evaluationMetric,
    Double evaluationValue,
    Map<String, Double> liveMetrics,
    Double liveValue,
    Double liveMetricDrop,
    HealthThresholds thresholds,
    List<HealthFinding> findings) {

  public HealthReport {
    features = features == null ? List.of() : List.copyOf(features);
    liveMetrics = liveMetrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(liveMetrics));
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /**
   * The inputs of the monitoring DMN: {@code maxPsi} (double), {@code liveMetricDrop} (Double,
   * null without enough feedback), {@code predictions} and {@code labelled} (Integer).
   */
  @JsonIgnore
  public Map<String, Object> policyInputs() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("maxPsi", maxPsi);
    in.put("liveMetricDrop", liveMetricDrop);
    in.put("predictions", predictions);
    in.put("labelled", labelled);
    return in;
  }

  /** The features whose PSI reached {@code psiFail} and were not accepted, worst first. */
  @JsonIgnore
  public List<String> driftedFeatures() {
    return features.stream().filter(f -> !f.accepted() && FeatureDrift.FAIL.equals(f.level()))
        .sorted((a, b) -> Double.compare(b.psi(), a.psi())).map(FeatureDrift::feature).toList();
  }

  /** The findings as sentences. */
  @JsonIgnore
  public List<String> sentences() {
    return findings.stream().map(HealthFinding::message).toList();
  }

  /**
   * One short line for a form or a log, e.g. {@code Drifted: petal_length (PSI 0.31). Live
   * accuracy 0.70, 26.3% worse than at evaluation.} At most 4,000 characters.
   */
  @JsonIgnore
  public String summary() {
    StringBuilder s = new StringBuilder();
    if (modelVersionId == null) {
      return "No production model to check.";
    }
    s.append(HealthCheckService.count(predictions)).append(" predictions checked");
    if (predictions > 0) {
      List<FeatureDrift> drifted = features.stream().filter(f -> !f.accepted() && f.psi() != null
          && !FeatureDrift.OK.equals(f.level())).sorted((a, b) -> Double.compare(b.psi(), a.psi())).toList();
      if (drifted.isEmpty()) {
        s.append("; no feature drifted (largest PSI ").append(HealthCheckService.figure(maxPsi)).append(")");
      } else {
        s.append("; ").append(drifted.size() == 1 ? "1 feature" : drifted.size() + " features").append(" shifted: ");
        for (int i = 0; i < drifted.size(); i++) {
          FeatureDrift f = drifted.get(i);
          s.append(i == 0 ? "" : ", ").append(f.feature()).append(" (PSI ")
              .append(HealthCheckService.figure(f.psi())).append(")");
        }
      }
      long accepted = features.stream().filter(FeatureDrift::accepted).count();
      if (accepted > 0) {
        s.append("; ").append(accepted).append(" accepted");
      }
    }
    s.append(". ");
    if (liveValue != null) {
      s.append("Live ").append(evaluationMetric).append(' ').append(HealthCheckService.figure(liveValue))
          .append(" on ").append(HealthCheckService.count(labelled)).append(" labelled");
      if (liveMetricDrop != null) {
        s.append(liveMetricDrop >= 0 ? ", " + HealthCheckService.percent(liveMetricDrop) + " worse"
            : ", " + HealthCheckService.percent(-liveMetricDrop) + " better").append(" than at evaluation (")
            .append(HealthCheckService.figure(evaluationValue)).append(")");
      }
      s.append('.');
    } else {
      s.append("Too little feedback for live metrics (").append(HealthCheckService.count(labelled))
          .append(" labelled).");
    }
    return s.length() > 4000 ? s.substring(0, 3997) + "..." : s.toString();
  }

  public String toJson() {
    return MonitoringJson.write(this);
  }

  public static HealthReport fromJson(String json) {
    return MonitoringJson.read(json, HealthReport.class);
  }
}
