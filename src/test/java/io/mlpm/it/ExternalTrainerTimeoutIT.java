package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A trainer that fails and then never answers does not hold the project: after
 * {@code mlpm.training.external-trainer-timeout} its candidate is given up, and with no candidate
 * left the data scientist gets the iteration with the reason and the trainer's last error.
 */
class ExternalTrainerTimeoutIT extends IrisApp {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.training.external-trainer-timeout", () -> "PT5S");
  }

  @Test
  void aSilentTrainersCandidateIsGivenUpAndTheDataScientistReadsWhy() throws Exception {
    Http http = new Http(port);
    // Alone: no candidate is left, and the iteration comes to the data scientist with the reason.
    failThenFallSilent(http, "iris-silent", "external:silent-team", "silent-team");
    String review = http.awaitTask("scientist", "iris-silent", "reviewIteration");
    String why = http.json("scientist", "/engine-rest/task/" + review + "/variables/stepFailure").path("value")
        .asText();
    assertThat(why).contains("external:silent-team gave no accepted upload within PT5S")
        .contains("out of GPUs");

    // Beside a built-in candidate: the iteration goes on, and its candidates show the one given up.
    failThenFallSilent(http, "iris-quiet", "majority_baseline,external:quiet-team", "quiet-team");
    String missed = http.awaitTask("scientist", "iris-quiet", "reviewIteration");
    String candidates = http.json("scientist", "/engine-rest/task/" + missed
        + "/variables/candidatesTable?deserializeValue=false").path("value").asText();
    assertThat(candidates).contains("majority_baseline")
        .contains("given up: external:quiet-team gave no accepted upload within PT5S");
  }

  /** Starts the project, signs its charter and data off, and has its trainer fail once and fall silent. */
  private static void failThenFallSilent(Http http, String key, String algorithms, String topic) throws Exception {
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", algorithms));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
    http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");
    String taskId = fetchAsTrainer(http, topic).path("id").asText();
    Http.Response failed = http.post("trainer", "/engine-rest/external-task/" + taskId + "/failure", Map.of(
        "workerId", "trainer", "errorMessage", "out of GPUs", "retries", 0, "retryTimeout", 0));
    assertThat(failed.status()).as(failed.body()).isEqualTo(204);
  }
}
