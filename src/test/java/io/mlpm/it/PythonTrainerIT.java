package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python worker of examples/trainer (Debian's python3-sklearn on /usr/bin/python3, which
 * .ci/run installs) as a team would run it: a project with one built-in and one external candidate
 * goes through selection and the test verdict, the external one graded here on labels it never got.
 */
class PythonTrainerIT extends IrisApp {

  @Test
  void theScikitLearnWorkerTakesItsCandidateThroughSelectionAndTheTestVerdict() throws Exception {
    Http http = new Http(port);
    String key = "iris-sklearn";
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", "logistic_regression,external:team-sklearn"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
    http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");

    Path log = dir.resolve("worker.log");
    Process worker = new ProcessBuilder("/usr/bin/python3", "examples/trainer/sklearn_worker.py",
        "--url", "http://localhost:" + port, "--user", "trainer", "--password", "demo", "--topic", "team-sklearn",
        "--once", "--wait", "180").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(worker.waitFor(5, TimeUnit.MINUTES)).as("the worker finished").isTrue();
    String output = Files.readString(log);
    assertThat(worker.exitValue()).as(output).isZero();
    assertThat(output).contains("5-fold accuracy").contains("upload ").contains("completed with");

    http.awaitTask("sponsor", key, "approveDeployment");
    JsonNode models = http.json("sponsor", "/api/projects/" + key + "/models");
    String all = models.toString();
    assertThat(all).contains("external:team-sklearn").contains("logistic_regression")
        .contains("scikit-learn").contains("application/x-python-pickle");
    JsonNode external = null;
    for (JsonNode m : models.isArray() ? models : models.path("models")) {
      if (m.path("algorithm").asText().equals("external:team-sklearn")) {
        external = m;
      }
    }
    assertThat(external).as(all).isNotNull();
    assertThat(external.toString()).contains("validationMetrics").contains("accuracy");
  }
}
