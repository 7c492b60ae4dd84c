package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each row of bpmn/monitoring-policy.dmn and bpmn/deployment-approval.dmn. */
class MonitoringPolicyTest {

  private static DmnEngine dmn;
  private static DmnDecision health;
  private static DmnDecision compliance;

  @BeforeAll
  static void parse() throws Exception {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = MonitoringPolicyTest.class.getResourceAsStream("/bpmn/monitoring-policy.dmn")) {
      health = dmn.parseDecision("monitoring-policy", in);
    }
    try (InputStream in = MonitoringPolicyTest.class.getResourceAsStream("/bpmn/deployment-approval.dmn")) {
      compliance = dmn.parseDecision("deployment-approval", in);
    }
  }

  private static String health(int predictions, double maxPsi, Double liveMetricDrop) {
    Map<String, Object> v = new HashMap<>();
    v.put("predictions", predictions);
    v.put("maxPsi", maxPsi);
    v.put("liveMetricDrop", liveMetricDrop);
    v.put("labelled", 0);
    return (String) dmn.evaluateDecisionTable(health, v).getSingleResult().getEntry("health");
  }

  @Test
  void liveMetricsClearlyWorseAreDegradedWhateverTheDrift() {
    assertThat(health(1000, 0.0, 0.15)).isEqualTo("DEGRADED");
    assertThat(health(10, 0.0, 0.15)).isEqualTo("DEGRADED");
  }

  @Test
  void tooFewPredictionsAreNotJudgedForDrift() {
    assertThat(health(99, 0.9, null)).isEqualTo("HEALTHY");
  }

  @Test
  void driftAboveFailIsDegradedAndBetweenWarnAndFailAWarning() {
    assertThat(health(100, 0.25, null)).isEqualTo("DEGRADED");
    assertThat(health(1000, 0.1, 0.05)).isEqualTo("WARN");
    assertThat(health(1000, 0.2499, null)).isEqualTo("WARN");
  }

  @Test
  void otherwiseHealthy() {
    assertThat(health(1000, 0.05, 0.1)).isEqualTo("HEALTHY");
    assertThat(health(1000, 0.0, null)).isEqualTo("HEALTHY");
  }

  private static Boolean complianceRequired(String risk, String sensitive) {
    Map<String, Object> v = new HashMap<>();
    v.put("riskLevel", risk);
    v.put("sensitiveAttribute", sensitive);
    return (Boolean) dmn.evaluateDecisionTable(compliance, v).getSingleResult().getEntry("complianceRequired");
  }

  @Test
  void highRiskOrASensitiveAttributeNeedsCompliance() {
    assertThat(complianceRequired("high", null)).isTrue();
    assertThat(complianceRequired("low", "gender")).isTrue();
    assertThat(complianceRequired("medium", null)).isFalse();
    assertThat(complianceRequired("medium", "")).isFalse();
  }
}
