package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
    String key = "iris-silent";
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", "external:silent-team"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
    http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");

    String taskId = null;
    for (int i = 0; i < 240 && taskId == null; i++) {
      Http.Response fetched = http.post("trainer", "/engine-rest/external-task/fetchAndLock", Map.of("workerId",
          "trainer", "maxTasks", 1, "topics", List.of(Map.of("topicName", "silent-team", "lockDuration", 60_000))));
      assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
      taskId = fetched.json().size() > 0 ? fetched.json().get(0).path("id").asText() : null;
      Thread.sleep(250);
    }
    assertThat(taskId).as("the silent trainer's task").isNotNull();
    Http.Response failed = http.post("trainer", "/engine-rest/external-task/" + taskId + "/failure", Map.of(
        "workerId", "trainer", "errorMessage", "out of GPUs", "retries", 0, "retryTimeout", 0));
    assertThat(failed.status()).as(failed.body()).isEqualTo(204);

    String review = http.awaitTask("scientist", key, "reviewIteration");
    String why = http.json("scientist", "/engine-rest/task/" + review + "/variables/stepFailure").path("value")
        .asText();
    assertThat(why).contains("external:silent-team gave no accepted upload within PT5S")
        .contains("out of GPUs");
  }
}
