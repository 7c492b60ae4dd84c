package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each row of bpmn/data-quality-policy.dmn, evaluated by the DMN engine itself. */
class DataQualityPolicyTest {

  private static DmnEngine dmn;
  private static DmnDecision policy;

  @BeforeAll
  static void parse() throws Exception {
    dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    try (InputStream in = DataQualityPolicyTest.class.getResourceAsStream("/bpmn/data-quality-policy.dmn")) {
      policy = dmn.parseDecision("data-quality-policy", in);
    }
  }

  /** A clean classification dataset: no rule fires. */
  private static Map<String, Object> clean() {
    Map<String, Object> v = new HashMap<>();
    v.put("targetPresent", true);
    v.put("rows", 1000L);
    v.put("worstMissingRatio", 0.0);
    v.put("duplicateRatio", 0.0);
    v.put("taskType", "classification");
    v.put("targetClasses", 3);
    v.put("minorityClassRatio", 0.3);
    v.put("leakageSuspects", 0);
    v.put("constantColumns", 0);
    v.put("idLikeColumns", 0);
    v.put("worstOutlierRatio", 0.0);
    v.put("targetMissing", 0L);
    v.put("targetNumeric", false);
    for (String override : io.mlpm.data.QualityFindings.OVERRIDES) {
      v.put(override, null);
    }
    return v;
  }

  private static List<String> hits(Map<String, Object> variables) {
    DmnDecisionResult result = dmn.evaluateDecision(policy, variables);
    return result.getResultList().stream().map(r -> r.get("verdict") + ":" + r.get("check")).toList();
  }

  private static Map<String, Object> with(Object... pairs) {
    Map<String, Object> v = clean();
    for (int i = 0; i < pairs.length; i += 2) {
      v.put((String) pairs[i], pairs[i + 1]);
    }
    return v;
  }

  @Test
  void aCleanDatasetPasses() {
    assertThat(hits(clean())).isEmpty();
  }

  @Test
  void aMissingTargetColumnFails() {
    assertThat(hits(with("targetPresent", false, "targetClasses", 0))).containsExactly("FAIL:target_column");
  }

  @Test
  void tooFewRowsFailAndTheLimitCanBeOverridden() {
    assertThat(hits(with("rows", 29L))).containsExactly("FAIL:min_rows");
    assertThat(hits(with("rows", 29L, "minRows", 10))).isEmpty();
  }

  @Test
  void missingValuesWarnThenFailAboveTheLimit() {
    assertThat(hits(with("worstMissingRatio", 0.05))).containsExactly("WARN:missing_values");
    assertThat(hits(with("worstMissingRatio", 0.25))).containsExactly("FAIL:missing_values");
    assertThat(hits(with("worstMissingRatio", 0.25, "maxMissingRatio", 0.3))).containsExactly("WARN:missing_values");
    DmnDecisionResult r = dmn.evaluateDecision(policy, with("worstMissingRatio", 0.25));
    assertThat((Double) r.getSingleResult().getEntry("threshold")).isEqualTo(0.2);
  }

  @Test
  void duplicatesWarnThenFailAboveTheLimit() {
    assertThat(hits(with("duplicateRatio", 0.01))).containsExactly("WARN:duplicate_rows");
    assertThat(hits(with("duplicateRatio", 0.2))).containsExactly("FAIL:duplicate_rows");
    assertThat(hits(with("duplicateRatio", 0.2, "maxDuplicateRatio", 0.5))).containsExactly("WARN:duplicate_rows");
  }

  @Test
  void classificationNeedsTwoClassesAndWarnsOnImbalance() {
    assertThat(hits(with("targetClasses", 1, "minorityClassRatio", 1.0))).containsExactly("FAIL:target_classes");
    assertThat(hits(with("minorityClassRatio", 0.01))).containsExactly("WARN:class_balance");
    assertThat(hits(with("minorityClassRatio", 0.01, "minClassRatio", 0.005))).isEmpty();
  }

  @Test
  void regressionNeedsANumericTarget() {
    assertThat(hits(with("taskType", "regression", "targetClasses", 0, "minorityClassRatio", null,
        "targetNumeric", false))).containsExactly("FAIL:target_numeric");
    assertThat(hits(with("taskType", "regression", "targetClasses", 0, "minorityClassRatio", null,
        "targetNumeric", true))).isEmpty();
  }

  @Test
  void leakageFails() {
    assertThat(hits(with("leakageSuspects", 1))).containsExactly("FAIL:leakage");
  }

  @Test
  void constantAndIdLikeColumnsWarn() {
    assertThat(hits(with("constantColumns", 2))).containsExactly("WARN:constant_columns");
    assertThat(hits(with("idLikeColumns", 1))).containsExactly("WARN:id_like_columns");
  }

  @Test
  void manyOutliersWarn() {
    assertThat(hits(with("worstOutlierRatio", 0.01))).isEmpty();
    assertThat(hits(with("worstOutlierRatio", 0.2))).containsExactly("WARN:outliers");
    assertThat(hits(with("worstOutlierRatio", 0.2, "maxOutlierRatio", 0.3))).isEmpty();
  }

  @Test
  void rowsWithoutTargetWarn() {
    assertThat(hits(with("targetMissing", 4L))).containsExactly("WARN:target_missing");
  }
}
