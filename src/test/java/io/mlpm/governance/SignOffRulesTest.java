package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SignOffRulesTest {

  @Test
  void theInitiatorMayNotApproveTheDeployment() {
    assertThat(SignOffRules.refusal("approveDeployment", "ann", "ann", Set.of(), null))
        .hasValueSatisfying(m -> assertThat(m).contains("'ann' started this project"));
  }

  @Test
  void aReviewerOfAnIterationMayNotApproveTheDeployment() {
    assertThat(SignOffRules.refusal("approveDeployment", "sci", "ann", Set.of("sci"), null))
        .hasValueSatisfying(m -> assertThat(m).contains("reviewed an iteration"));
  }

  @Test
  void anotherSponsorMay() {
    assertThat(SignOffRules.refusal("approveDeployment", "bob", "ann", Set.of("sci"), null)).isEmpty();
    assertThat(SignOffRules.refusal("approveDeployment", "bob", null, Set.of(), null)).isEmpty();
  }

  @Test
  void theComplianceCoSignMustComeFromAnotherPerson() {
    assertThat(SignOffRules.refusal("approveDeploymentCompliance", "bob", "ann", Set.of(), "bob")).isPresent();
    assertThat(SignOffRules.refusal("approveDeploymentCompliance", "carla", "ann", Set.of(), "bob")).isEmpty();
  }

  @Test
  void otherTasksAreNotRestricted() {
    assertThat(SignOffRules.refusal("approveCharter", "ann", "ann", Set.of("ann"), "ann")).isEmpty();
  }
}
