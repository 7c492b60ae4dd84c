package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each decision form's fields mean, without the engine. */
class DecisionsTest {

  private static Map<String, Object> fields(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @Test
  void anApprovalFromTasklistRadioButtonsOrRestBooleans() {
    assertThat(Decisions.approval(fields("approved", "approve", "comment", " ok ")))
        .isEqualTo(new Decisions.Decided(SignOff.APPROVED, "ok", "approved"));
    assertThat(Decisions.approval(fields("approved", false)).approved()).isFalse();
    assertThat(Decisions.approval(fields("approved", false)).choice()).isEqualTo(SignOff.REJECTED);
  }

  @Test
  void excludedColumnsAddUpAcrossResolutionsAndANewDatasetStartsWithNone() {
    Decisions.DataResolution first = Decisions.dataResolution(fields("resolution", "exclude",
        "excludeColumns", "id, leak ,id", "comment", "leaks the label"), List.of(), "steward");
    assertThat(first.excludedColumns()).containsExactly("id", "leak");
    assertThat(first.waiver()).isNull();
    assertThat(first.decided().detail()).isEqualTo("exclude id, leak");
    Decisions.DataResolution second = Decisions.dataResolution(fields("resolution", "exclude",
        "excludeColumns", "other,leak", "comment", "also"), first.excludedColumns(), "steward");
    assertThat(second.excludedColumns()).containsExactly("id", "leak", "other");
    Decisions.DataResolution fresh = Decisions.dataResolution(fields("resolution", "newDataset",
        "datasetUri", "v2.csv"), second.excludedColumns(), "steward");
    assertThat(fresh.excludedColumns()).isEmpty();
    assertThat(fresh.decided().detail()).isEqualTo("newDataset v2.csv");
  }

  @Test
  void aWaiverNamesWhoWaivedAndWhyAndKeepsTheExclusions() {
    Decisions.DataResolution waived = Decisions.dataResolution(fields("resolution", "waive",
        "comment", "known gap in March"), List.of("id"), "steward2");
    assertThat(waived.waiver()).isEqualTo("findings waived by steward2: known gap in March");
    assertThat(waived.excludedColumns()).containsExactly("id");
    assertThat(waived.decided().choice()).isEqualTo("waive");
  }

  @Test
  void aRetrainOnAnotherDatasetNamesIt() {
    Decisions.Degradation same = Decisions.degradation(fields("decision", "retrain", "retrainDatasetUri", " "));
    assertThat(same.retrainOn()).isNull();
    assertThat(same.decided().detail()).isEqualTo("retrain");
    Decisions.Degradation other = Decisions.degradation(fields("decision", "retrain", "retrainDatasetUri", "june.csv"));
    assertThat(other.retrainOn()).isEqualTo("june.csv");
    assertThat(other.decided().detail()).isEqualTo("retrain on june.csv");
    // A dataset named with another choice is not a retraining.
    assertThat(Decisions.degradation(fields("decision", "rollback", "retrainDatasetUri", "june.csv")).retrainOn())
        .isNull();
  }

  @Test
  void anExtensionAddsIterationsOneUnlessToldAndStopKeepsTheBudget() {
    assertThat(Decisions.sponsor(fields("decision", "extend"), 3).maxIterations()).isEqualTo(4);
    Decisions.SponsorDecision more = Decisions.sponsor(fields("decision", "extend", "extraIterations", "2"), 3);
    assertThat(more.maxIterations()).isEqualTo(5);
    assertThat(more.decided().detail()).isEqualTo("extend by 2 iteration(s)");
    assertThat(Decisions.sponsor(fields("decision", "stop", "comment", "enough"), 3).maxIterations()).isNull();
  }

  @Test
  void anEscalationSaysWhatItDidToWhichTask() {
    assertThat(Decisions.escalation(fields("decision", "extend", "extendDays", 5), "Approve dataset").detail())
        .isEqualTo("extend by 5 day(s) ('Approve dataset')");
    assertThat(Decisions.escalation(fields("decision", "reassign", "reassignTo", " steward2 "), "Approve dataset")
        .detail()).isEqualTo("reassign to steward2 ('Approve dataset')");
  }

  @Test
  void theFieldsOfOneDecisionOnlyAreTheFormsOwn() {
    assertThat(DecisionFields.DECISION_ONLY).contains("approved", "comment", "decision", "resolution")
        .doesNotContain("datasetUri", "algorithms", "tuningBudget", "extendDays", "reassignTo");
  }
}
