package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.deployment.ServingAction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The serving workers' topics are reserved: no trainer's candidate takes one (its task would be a serving task). */
class ServingTopicsTest {

  @Test
  void theReservedTopicsAreTheServingActions() {
    assertThat(ExternalTrainers.SERVING_TOPICS)
        .containsExactlyElementsOf(Arrays.stream(ServingAction.values()).map(ServingAction::topic).toList());
  }

  @Test
  void noCandidateIsNamedAfterAServingTopic() {
    for (String topic : ExternalTrainers.SERVING_TOPICS) {
      assertThatThrownBy(() -> ExternalTrainers.code("external:" + topic)).hasMessageContaining("reserved");
    }
    assertThat(ExternalTrainers.code("external:deploy-model-v2")).isEqualTo("external:deploy-model-v2");
  }
}
