package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python worker of examples/trainer trains, deploys and serves as a team would run it: its
 * candidate reaches production served by the worker's own HTTP server, the predictions it answers
 * (with a shifted petal length) reach the orchestrator's prediction log, the health check opens
 * reviewDegradation naming that feature, and a rollback makes the worker serve the previous version.
 */
class PythonServingIT extends IrisApp {

  @Test
  void theScikitLearnWorkerServesIsWatchedAndRollsBack() throws Exception {
    Http http = new Http(port);
    String key = "iris-served-py";
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", "majority_baseline,external:team-sklearn"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    String token = http.post("engineer", "/api/projects/" + key + "/tokens", Map.of("name", "sklearn serving"))
        .json().path("token").asText();
    assertThat(token).isNotBlank();
    int servePort;
    try (ServerSocket free = new ServerSocket(0)) {
      servePort = free.getLocalPort();
    }
    Path log = dir.resolve("serving-worker.log");
    ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", "examples/trainer/sklearn_worker.py",
        "--url", "http://localhost:" + port, "--user", "trainer", "--password", "demo", "--topic", "team-sklearn",
        "--serve-port", String.valueOf(servePort)).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("MLPM_SERVING_TOKEN", token);
    Process worker = builder.start();
    try {
      http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
      http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");

      long first = deploy(http, key, 1);
      String endpoint = "http://127.0.0.1:" + servePort + "/predict";
      assertThat(http.json("sponsor", "/api/projects/" + key).path("servedAt").asText()).isEqualTo(endpoint);

      // Predictions with a petal length no iris has, answered by the worker and logged here.
      assertThat(predict(http, endpoint).path("modelVersionId").asLong()).isEqualTo(first);
      awaitLogged(http, log, 150);
      http.fireHealthCheck(key);
      String review = http.awaitTask("engineer", key, "reviewDegradation");
      JsonNode health = http.get("engineer", "/api/projects/" + key + "/health").json();
      assertThat(health.get("verdict").asText()).as(health.toString()).isEqualTo("DEGRADED");
      assertThat(health.at("/report/findings").toString()).contains("petal_length");

      // Retrained by the same worker, a second version serves; it degrades too and is rolled back.
      assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete", Map.of("variables",
          Http.variables("decision", "retrain"))).status()).isEqualTo(204);
      long second = deploy(http, key, 2);
      assertThat(second).isNotEqualTo(first);
      assertThat(http.json("sponsor", "/api/projects/" + key).path("modelVersion").asInt()).isEqualTo(2);
      assertThat(predict(http, endpoint).path("modelVersionId").asLong()).isEqualTo(second);
      awaitLogged(http, log, 300);
      http.fireHealthCheck(key);
      String again = awaitNewReview(http, key, review);
      assertThat(http.post("engineer", "/engine-rest/task/" + again + "/complete", Map.of("variables",
          Http.variables("decision", "rollback", "comment", "v2 is no better on the new cultivar"))).status())
          .isEqualTo(204);
      http.await("sponsor", "/api/projects/" + key, p -> p.path("modelVersion").asInt() == 1, "version 1 again");
      assertThat(predict(http, endpoint).path("modelVersionId").asLong()).isEqualTo(first);
      String audit = http.get("compliance", "/api/projects/" + key + "/audit").body();
      assertThat(audit).contains("model-rolled-back").contains("serves again, at " + endpoint);
      assertThat(Files.readString(log)).contains("rollback-model").contains("serves at " + endpoint);
    } finally {
      worker.destroy();
      if (!worker.waitFor(10, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
      }
    }
  }

  /** The worker trains the candidate, the deployment is approved, the worker deploys it: its model id. */
  private static long deploy(Http http, String key, int version) {
    http.complete("sponsor2", key, "approveDeployment", "approved", true, "comment", "ship it");
    http.await("sponsor", "/api/projects/" + key, p -> p.path("modelVersion").asInt() == version,
        "version " + version + " in production");
    for (JsonNode v : http.json("sponsor", "/api/projects/" + key + "/models").path("models")) {
      if (v.path("stage").asText().equals("PRODUCTION")) {
        assertThat(v.path("algorithm").asText()).isEqualTo("external:team-sklearn");
        return v.path("id").asLong();
      }
    }
    throw new AssertionError("no production model");
  }

  private static JsonNode predict(Http http, String endpoint) throws Exception {
    String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("rows",
        TestApp.driftedIris()));
    Http.Response r = http.send(null, null, HttpRequest.newBuilder(URI.create(endpoint))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("predictions").size()).isEqualTo(150);
    return r.json();
  }

  /** The worker pushes its log every second; waits until it says it sent the predictions. */
  private static void awaitLogged(Http http, Path log, int total) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      int sent = 0;
      for (String line : Files.readAllLines(log)) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("prediction log: (\\d+) sent").matcher(line);
        if (m.find()) {
          sent += Integer.parseInt(m.group(1));
        }
      }
      if (sent >= total) {
        return;
      }
      Thread.sleep(200); // the worker's pusher runs every second
    }
    throw new AssertionError("the worker did not send " + total + " predictions:\n" + Files.readString(log));
  }

  private static String awaitNewReview(Http http, String key, String previous) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      String task = http.awaitTask("engineer", key, "reviewDegradation");
      if (!task.equals(previous)) {
        return task;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no second reviewDegradation");
  }
}
