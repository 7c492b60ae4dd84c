package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.ml.SuccessCriterion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CriteriaVerdictTest {

  final Map<String, Double> metrics = Map.of("accuracy", 0.93333333, "log_loss", 0.25);

  @Test
  void metCriterion() {
    List<CriterionResult> r = CriteriaVerdict.check(
        List.of(new SuccessCriterion("accuracy", ">=", 0.8)), metrics);
    assertThat(r).containsExactly(new CriterionResult("accuracy", ">=", 0.8, 0.93333333, true,
        "accuracy is 0.9333, needs >= 0.8: met."));
    assertThat(CriteriaVerdict.allMet(r)).isTrue();
  }

  @Test
  void missedCriterionSaysByHowMuch() {
    List<CriterionResult> r = CriteriaVerdict.check(List.of(
        new SuccessCriterion("accuracy", ">=", 0.8),
        new SuccessCriterion("log_loss", "<", 0.2)), metrics);
    assertThat(r.get(1).met()).isFalse();
    assertThat(r.get(1).message()).isEqualTo("log_loss is 0.2500, needs < 0.2: missed by 0.0500.");
    assertThat(CriteriaVerdict.allMet(r)).isFalse();
  }

  @Test
  void strictOperatorOnTheThreshold() {
    CriterionResult r = CriteriaVerdict.check(
        List.of(new SuccessCriterion("log_loss", "<", 0.25)), metrics).get(0);
    assertThat(r.met()).isFalse();
    assertThat(r.message()).endsWith("missed, it must be strictly below.");
  }

  @Test
  void absentMetricIsNotMet() {
    CriterionResult r = CriteriaVerdict.check(
        List.of(new SuccessCriterion("roc_auc", ">=", 0.9)), metrics).get(0);
    assertThat(r.met()).isFalse();
    assertThat(r.value()).isNull();
    assertThat(r.message()).isEqualTo("roc_auc was not computed, needs >= 0.9: not met.");
  }

  @Test
  void noCriteriaIsNotASuccess() {
    assertThat(CriteriaVerdict.allMet(List.of())).isFalse();
  }
}
