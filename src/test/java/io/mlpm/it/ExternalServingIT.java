package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model trained outside is deployed and withdrawn by a serving worker over real HTTP: the approved
 * candidate becomes the production model only once the worker reports where it serves, the report is
 * the project's record, and retiring the project asks the worker to withdraw it. The side doors a
 * worker or another role could try are refused.
 */
class ExternalServingIT extends IrisApp {

  @Test
  void aServingWorkerDeploysTheApprovedModelAndWithdrawsItAtRetirement() throws Exception {
    Http http = new Http(port);
    String key = "iris-served";
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", "majority_baseline,external:iris-team"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    // The serving topics are not a trainer's to take as a candidate's.
    Http.Response reserved = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter("iris-reserved", "algorithms", "external:deploy-model"));
    assertThat(reserved.status()).as(reserved.body()).isEqualTo(400);
    assertThat(reserved.body()).contains("serving workers' topic");
    http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
    http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");

    byte[] artifact = "centroids, version 1".getBytes(StandardCharsets.UTF_8);
    train(http, artifact);
    http.awaitTask("sponsor", key, "approveDeployment");
    http.complete("sponsor2", key, "approveDeployment", "approved", true, "comment", "ship it");

    // Only a trainer fetches the serving task; the project is not in production before its report.
    Http.Response asScientist = http.post("scientist", "/engine-rest/external-task/fetchAndLock", Map.of("workerId",
        "scientist", "maxTasks", 1, "topics", List.of(Map.of("topicName", "deploy-model", "lockDuration", 60_000))));
    assertThat(asScientist.status()).isEqualTo(403);
    JsonNode task = fetchAsTrainer(http, "deploy-model");
    String taskId = task.path("id").asText();
    assertThat(task.path("variables").toString()).doesNotContain("candidateModelId");
    assertThat(http.json("sponsor", "/api/projects/" + key).path("phase").asText()).isNotEqualTo("production");

    String base = "/api/trainer/serving/" + taskId;
    assertThat(http.get("scientist", base).status()).isEqualTo(403);
    JsonNode facts = http.json("trainer", base);
    assertThat(facts.path("action").asText()).isEqualTo("deploy-model");
    assertThat(facts.path("project").asText()).isEqualTo(key);
    assertThat(facts.path("serve").path("algorithm").asText()).isEqualTo("external:iris-team");
    assertThat(facts.path("serve").path("trainedOutside").asBoolean()).isTrue();
    assertThat(facts.path("serve").path("artifactFormat").asText()).isEqualTo("text/csv");
    assertThat(facts.path("withdraw").isNull()).isTrue();
    Http.Response download = http.get("trainer", facts.path("serve").path("artifact").asText());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(new String(artifact, StandardCharsets.UTF_8));

    // The worker does not complete the task over the engine: its report does, once it is on record.
    Http.Response direct = http.post("trainer", "/engine-rest/external-task/" + taskId + "/complete",
        Map.of("workerId", "trainer"));
    assertThat(direct.status()).as(direct.body()).isEqualTo(403);
    assertThat(direct.body()).contains("/served");
    for (Map<String, Object> bad : List.of(Map.<String, Object>of(), Map.<String, Object>of("endpoint",
        "ftp://models.example/iris"), Map.<String, Object>of("endpoint", "https://user:secret@models.example/iris"),
        Map.<String, Object>of("endpoint", "/relative/path"))) {
      Http.Response refused = http.post("trainer", base + "/served", bad);
      assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
      assertThat(refused.body()).contains("endpoint");
    }
    assertThat(http.post("engineer", base + "/served", Map.of("endpoint", "https://models.example/iris")).status())
        .isEqualTo(403);
    String endpoint = "https://models.example/iris/v1/predict";
    Http.Response reported = http.post("trainer", base + "/served", Map.of("endpoint", endpoint));
    assertThat(reported.status()).as(reported.body()).isEqualTo(200);
    // Reported once: the task is done, its links with it.
    assertThat(http.post("trainer", base + "/served", Map.of("endpoint", endpoint)).status()).isEqualTo(404);

    JsonNode project = http.await("sponsor", "/api/projects/" + key, p -> p.path("phase").asText()
        .equals("production"), "production");
    assertThat(project.path("servedAt").asText()).isEqualTo(endpoint);
    assertThat(project.path("modelVersion").asInt()).isEqualTo(1);
    String audit = http.get("compliance", "/api/projects/" + key + "/audit").body();
    assertThat(audit).contains("model-served-outside").contains("serves at " + endpoint);

    // Its serving system logs what it predicted with a token of the project; drift is watched as for any model.
    String token = http.post("engineer", "/api/projects/" + key + "/tokens", Map.of("name", "iris-team serving"))
        .json().path("token").asText();
    List<Map<String, Object>> predictions = new java.util.ArrayList<>();
    List<Map<String, Object>> drifted = TestApp.driftedIris();
    for (int i = 0; i < drifted.size(); i++) {
      predictions.add(Map.of("id", "req-" + i, "inputs", drifted.get(i), "output", "virginica",
          "probabilities", Map.of("setosa", 0.1, "versicolor", 0.2, "virginica", 0.7)));
    }
    long served = facts.path("serve").path("modelVersionId").asLong();
    Http.Response wrongVersion = bearer(token, "/api/projects/" + key + "/prediction-log",
        Map.of("modelVersionId", served + 1000, "predictions", predictions.subList(0, 1)));
    assertThat(wrongVersion.status()).as(wrongVersion.body()).isEqualTo(409);
    assertThat(wrongVersion.body()).contains("model " + served + " (version 1");
    Http.Response unknownColumn = bearer(token, "/api/projects/" + key + "/prediction-log", Map.of("modelVersionId", served,
        "predictions", List.of(Map.of("id", "x", "inputs", Map.of("salary", 1), "output", "setosa"))));
    assertThat(unknownColumn.status()).as(unknownColumn.body()).isEqualTo(400);
    assertThat(unknownColumn.body()).contains("'salary' is not a column the model was given");
    Http.Response logged = bearer(token, "/api/projects/" + key + "/prediction-log",
        Map.of("modelVersionId", served, "predictions", predictions));
    assertThat(logged.status()).as(logged.body()).isEqualTo(200);
    assertThat(logged.json().path("logged").asInt()).isEqualTo(150);
    // A batch sent again is not counted twice.
    Http.Response again = bearer(token, "/api/projects/" + key + "/prediction-log",
        Map.of("modelVersionId", served, "predictions", predictions.subList(0, 10)));
    assertThat(again.json().path("logged").asInt()).isZero();
    assertThat(again.json().path("alreadyLogged").asInt()).isEqualTo(10);
    // Feedback names a prediction by the serving system's id.
    Http.Response feedback = bearer(token, "/api/projects/" + key + "/feedback",
        Map.of("feedback", List.of(Map.of("externalId", "req-0", "actual", "setosa"))));
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
    assertThat(bearer(token, "/api/projects/" + key + "/feedback", Map.of("externalId", "req-0", "actual", "setosa"))
        .status()).isEqualTo(409);

    http.fireHealthCheck(key);
    String review = http.awaitTask("engineer", key, "reviewDegradation");
    JsonNode health = http.get("engineer", "/api/projects/" + key + "/health").json();
    assertThat(health.get("verdict").asText()).isEqualTo("DEGRADED");
    assertThat(health.at("/report/findings").toString()).contains("petal_length");
    assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete", Map.of("variables",
        Http.variables("decision", "accept", "comment", "new cultivar, expected"))).status()).isEqualTo(204);

    // Retiring the project asks the worker to withdraw the model; the project ends on its report.
    assertThat(http.post("engineer", "/api/projects/" + key + "/retire", Map.of("reason", "replaced by v2 of the"
        + " field guide")).status()).isEqualTo(200);
    JsonNode retire = fetchAsTrainer(http, "retire-model");
    String retireBase = "/api/trainer/serving/" + retire.path("id").asText();
    JsonNode retireFacts = http.json("trainer", retireBase);
    assertThat(retireFacts.path("withdraw").path("version").asInt()).isEqualTo(1);
    assertThat(retireFacts.path("serve").isNull()).isTrue();
    assertThat(http.get("trainer", retireBase + "/artifact").status()).isEqualTo(409);
    Http.Response withEndpoint = http.post("trainer", retireBase + "/served", Map.of("endpoint", endpoint));
    assertThat(withEndpoint.status()).as(withEndpoint.body()).isEqualTo(400);
    assertThat(http.post("trainer", retireBase + "/served", Map.of()).status()).isEqualTo(200);
    http.await("sponsor", "/api/projects/" + key, p -> p.path("status").asText().equals("RETIRED"), "retired");
    assertThat(http.get("compliance", "/api/projects/" + key + "/audit").body()).contains("model-withdrawn-outside")
        .contains("no longer serves at " + endpoint);
  }

  /** A POST as the serving system: its project's token, no user. */
  private Http.Response bearer(String token, String path, Object body) {
    try {
      String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
      return new Http(port).send(null, null, HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The team's trainer: nearest class centroids, uploaded with the given artifact. */
  private void train(Http http, byte[] artifact) throws Exception {
    JsonNode task = fetchAsTrainer(http, "iris-team");
    String taskId = task.path("id").asText();
    List<String[]> training = ExternalTrainerIT.csv(http.get("trainer", "/api/trainer/tasks/" + taskId
        + "/training.csv").body());
    List<String[]> validation = ExternalTrainerIT.csv(http.get("trainer", "/api/trainer/tasks/" + taskId
        + "/validation.csv").body());
    List<String[]> test = ExternalTrainerIT.csv(http.get("trainer", "/api/trainer/tasks/" + taskId
        + "/test.csv").body());
    ExternalTrainerIT.Centroids model = new ExternalTrainerIT.Centroids(training);
    Http.Response accepted = http.send("trainer", "demo", HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/api/trainer/tasks/" + taskId + "/result")).header("Content-Type", "application/zip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(ExternalTrainerIT.zip(model.predict(validation),
            model.predict(test), artifact))));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    Http.Response done = http.post("trainer", "/engine-rest/external-task/" + taskId + "/complete", Map.of(
        "workerId", "trainer", "variables", Http.variables("uploadId", accepted.json().path("uploadId").asText())));
    assertThat(done.status()).as(done.body()).isEqualTo(204);
  }
}
