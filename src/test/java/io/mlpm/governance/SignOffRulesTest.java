package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SignOffRulesTest {

  @Test
  void theInitiatorMayNotApproveTheDeployment() {
    assertThat(SignOffRules.refusal("approveDeployment", "ann", "ann", Set.of(), null, null))
        .hasValueSatisfying(m -> assertThat(m).contains("'ann' started this project"));
  }

  @Test
  void aReviewerOfAnIterationMayNotApproveTheDeployment() {
    assertThat(SignOffRules.refusal("approveDeployment", "sci", "ann", Set.of("sci"), null, null))
        .hasValueSatisfying(m -> assertThat(m).contains("reviewed an iteration"));
  }

  @Test
  void anotherSponsorMay() {
    assertThat(SignOffRules.refusal("approveDeployment", "bob", "ann", Set.of("sci"), null, null)).isEmpty();
    assertThat(SignOffRules.refusal("approveDeployment", "bob", null, Set.of(), null, null)).isEmpty();
  }

  @Test
  void theComplianceCoSignMustComeFromAnotherPerson() {
    assertThat(SignOffRules.refusal("approveDeploymentCompliance", "bob", "ann", Set.of(), "bob", null)).isPresent();
    assertThat(SignOffRules.refusal("approveDeploymentCompliance", "carla", "ann", Set.of(), "bob", null)).isEmpty();
  }

  @Test
  void otherTasksAreNotRestricted() {
    assertThat(SignOffRules.refusal("approveCharter", "ann", "ann", Set.of("ann"), "ann", null)).isEmpty();
  }

  @Test
  void theStewardWhoWaivedADatasetCannotApproveIt() {
    assertThat(SignOffRules.refusal("approveDataset", "dana", "ann", Set.of(), null, "dana")).get().asString()
        .contains("waived", "another data steward");
    assertThat(SignOffRules.refusal("approveDataset", "drew", "ann", Set.of(), null, "dana")).isEmpty();
    assertThat(SignOffRules.refusal("approveDataset", "dana", "ann", Set.of(), null, null)).isEmpty();
  }
}
