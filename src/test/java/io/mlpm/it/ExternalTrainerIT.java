package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * An external trainer's worker over real HTTP, as the team's own code would drive it: it fetches its
 * topic's task as a user of {@code trainers}, downloads the rows (no validation or test labels), and
 * uploads a prediction for each; the orchestrator grades it against the built-in candidate and
 * evaluates the selected one on the test rows. Each side door a trainer could try is refused.
 */
class ExternalTrainerIT extends IrisApp {

  @Test
  void anExternalCandidateIsGradedHereAndWinsOnLabelsItNeverSaw() throws Exception {
    Http http = new Http(port);
    String key = "iris-external";
    Http.Response started = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key, "algorithms", "majority_baseline,external:iris-team"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Http.Response badTopic = http.post("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter("iris-bad", "algorithms", "external:mlpm.trainCandidates"));
    assertThat(badTopic.status()).as(badTopic.body()).isEqualTo(400);
    assertThat(badTopic.body()).contains("names no trainer topic");
    http.complete("sponsor", key, "approveCharter", "approved", true, "comment", "go");
    http.complete("steward", key, "approveDataset", "approved", true, "comment", "clean");

    // Side doors before the task: another worker id, the application's own topics, another role.
    assertThat(fetch(http, "trainer", "someone-else", "iris-team").status()).isEqualTo(403);
    assertThat(fetch(http, "trainer", "trainer", "mlpm.trainCandidates").status()).isEqualTo(403);
    assertThat(fetch(http, "scientist", "scientist", "iris-team").status()).isEqualTo(403);
    Http.Response hoarding = http.post("trainer", "/engine-rest/external-task/fetchAndLock", Map.of("workerId",
        "trainer", "maxTasks", 1, "topics", List.of(Map.of("topicName", "iris-team", "lockDuration", 86_400_000))));
    assertThat(hoarding.status()).as(hoarding.body()).isEqualTo(403);

    // A topic kept to its team (a group trainers-<topic>) is fetched by its members alone.
    assertThat(http.post("admin", "/engine-rest/group/create", Map.of("id", "trainers-iris-team", "name", "Iris team",
        "type", "WORKFLOW")).status()).isEqualTo(204);
    Http.Response notInTeam = fetch(http, "trainer", "trainer", "iris-team");
    assertThat(notInTeam.status()).as(notInTeam.body()).isEqualTo(403);
    assertThat(notInTeam.body()).contains("kept to the group 'trainers-iris-team'");
    assertThat(http.request("admin", "PUT", "/engine-rest/group/trainers-iris-team/members/trainer", null).status())
        .isEqualTo(204);
    JsonNode task = fetchAsTrainer(http, "iris-team");
    String taskId = task.path("id").asText();
    // The trainer's variables hold nothing of the project's governance.
    assertThat(iterable(task.path("variables").fieldNames())).containsOnly("splitId", "developmentIteration",
        "trainerTopic");
    assertThat(http.get("scientist", "/api/trainer/tasks/" + taskId).status()).isEqualTo(403);
    JsonNode facts = http.json("trainer", "/api/trainer/tasks/" + taskId);
    assertThat(facts.path("task").path("targetColumn").asText()).isEqualTo("species");
    assertThat(facts.path("task").path("primaryMetric").asText()).isEqualTo("accuracy");

    List<String[]> training = csv(http.get("trainer", "/api/trainer/tasks/" + taskId + "/training.csv").body());
    List<String[]> validation = csv(http.get("trainer", "/api/trainer/tasks/" + taskId + "/validation.csv").body());
    List<String[]> test = csv(http.get("trainer", "/api/trainer/tasks/" + taskId + "/test.csv").body());
    assertThat(training.get(0)).contains("species");
    assertThat(validation.get(0)).doesNotContain("species").startsWith("row_id");
    assertThat(test.get(0)).doesNotContain("species").startsWith("row_id");
    // Every row of the split once (iris repeats one flower, which the split removed).
    assertThat(training.size() + validation.size() + test.size() - 3).isEqualTo(149);

    // The team's "model": the nearest class centroid of the training rows.
    Centroids model = new Centroids(training);
    byte[] missingRow = zip(model.predict(validation.subList(0, validation.size() - 1)), model.predict(test));
    Http.Response refused = upload(http, taskId, missingRow);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("validation.csv holds " + (validation.size() - 2) + " predictions for the "
        + (validation.size() - 1) + " rows handed out");
    // An artifact of 2 MB (random: the zip cannot shrink it) passes the API's 1 MB default: uploads have their own cap.
    byte[] artifact = new byte[2 << 20];
    new java.util.Random(5).nextBytes(artifact);
    byte[] large = zip(model.predict(validation), model.predict(test), artifact);
    assertThat(large.length).isGreaterThan(2 << 20);
    Http.Response accepted = upload(http, taskId, large);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    String uploadId = accepted.json().path("uploadId").asText();

    // A failure or an extension writes no variable (the split and iteration are the caller's anyway).
    Http.Response rewrite = http.post("trainer", "/engine-rest/external-task/" + taskId + "/failure", Map.of(
        "workerId", "trainer", "errorMessage", "x", "retries", 1, "retryTimeout", 3_600_000,
        "variables", Http.variables("splitId", 999)));
    assertThat(rewrite.status()).as(rewrite.body()).isEqualTo(403);
    // The task is completed with the upload's id alone.
    Http.Response smuggled = http.post("trainer", "/engine-rest/external-task/" + taskId + "/complete", Map.of(
        "workerId", "trainer", "variables", Http.variables("uploadId", uploadId, "criteriaMet", true)));
    assertThat(smuggled.status()).as(smuggled.body()).isEqualTo(403);
    Http.Response forged = http.post("trainer", "/engine-rest/external-task/" + taskId + "/complete", Map.of(
        "workerId", "trainer", "variables", Http.variables("uploadId", "not-an-upload")));
    assertThat(forged.status()).as(forged.body()).isEqualTo(403);
    Http.Response done = http.post("trainer", "/engine-rest/external-task/" + taskId + "/complete", Map.of(
        "workerId", "trainer", "variables", Http.variables("uploadId", uploadId)));
    assertThat(done.status()).as(done.body()).isEqualTo(204);

    // Graded here, selected over the built-in baseline, evaluated once on the test rows: the sponsor's sign-off.
    http.awaitTask("sponsor", key, "approveDeployment");
    JsonNode models = http.json("sponsor", "/api/projects/" + key + "/models");
    JsonNode external = null;
    for (JsonNode m : models.isArray() ? models : models.path("models")) {
      if (m.path("algorithm").asText().equals("external:iris-team")) {
        external = m;
      }
    }
    assertThat(external).as(models.toString()).isNotNull();
    assertThat(external.toString()).contains("accuracy").contains("repo.example/iris-team@abc123");
    assertThat(external.path("stage").asText()).isEqualTo("STAGING");
    // The code that trained each candidate is on its model card: the trainer's commit, the application's.
    String card = http.get("sponsor", "/api/projects/" + key + "/models/" + external.path("id").asText() + "/card")
        .body();
    assertThat(card).contains("repo.example/iris-team@abc123").contains("text/csv (opaque")
        // Its report is drawn from its predictions: the confusion matrix and ROC, no importance.
        .contains("Confusion matrix").contains("charts/roc").doesNotContain("<h2>Feature importance</h2>");
    for (JsonNode m : models.isArray() ? models : models.path("models")) {
      if (m.path("algorithm").asText().equals("majority_baseline")) {
        assertThat(http.get("sponsor", "/api/projects/" + key + "/models/" + m.path("id").asText() + "/card").body())
            .contains("mlpm-orchestrator 0.1.0").contains(", commit ");
      }
    }

    // Approved and promoted like any model once its serving worker reported where it serves (its drift
    // baseline from the columns it was given); it does not serve from this API: its artifact is never loaded here.
    http.complete("sponsor2", key, "approveDeployment", "approved", true, "comment", "ship it");
    String deploy = fetchAsTrainer(http, "deploy-model").path("id").asText();
    assertThat(http.post("trainer", "/api/trainer/serving/" + deploy + "/served", Map.of("endpoint",
        "https://iris-team.example/predict")).status()).isEqualTo(200);
    http.await("sponsor", "/api/projects/" + key, p -> p.toString().contains("production"), "production");
    Http.Response served = http.post("engineer", "/api/projects/" + key + "/predictions",
        Map.of("rows", List.of(Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4,
            "petal_width", 0.2))));
    assertThat(served.status()).as(served.body()).isEqualTo(409);
    assertThat(served.body()).contains("trained outside").contains("external:iris-team");
    // The audit trail names the code that trained the model in production.
    assertThat(http.get("compliance", "/api/projects/" + key + "/audit").body())
        .contains("trained by repo.example/iris-team@abc123");
  }

  private static Http.Response fetch(Http http, String user, String worker, String topic) {
    return http.post(user, "/engine-rest/external-task/fetchAndLock", Map.of("workerId", worker, "maxTasks", 1,
        "topics", List.of(Map.of("topicName", topic, "lockDuration", 120_000))));
  }

  private Http.Response upload(Http http, String taskId, byte[] zip) {
    return http.send("trainer", "demo", HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + "/api/trainer/tasks/" + taskId + "/result")).header("Content-Type", "application/zip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(zip)));
  }

  private static byte[] zip(String validation, String test) throws Exception {
    return zip(validation, test, "centroids".getBytes(StandardCharsets.UTF_8));
  }

  static byte[] zip(String validation, String test, byte[] artifact) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, "candidate.json", "{\"description\":\"nearest class centroid\",\"parameters\":{\"distance\":"
          + "\"euclidean\"},\"code\":{\"repository\":\"repo.example/iris-team\",\"commit\":\"abc123\"},"
          + "\"artifact\":{\"format\":\"text/csv\"}}");
      entry(zip, "validation.csv", validation);
      entry(zip, "test.csv", test);
      zip.putNextEntry(new ZipEntry("artifact"));
      zip.write(artifact);
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, String text) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  static List<String[]> csv(String text) {
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (!line.isBlank()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  /** Nearest class centroid over the numeric columns: a model a team might bring. */
  static final class Centroids {
    private final List<String> features = new ArrayList<>();
    private final Map<String, double[]> centroids = new HashMap<>();

    Centroids(List<String[]> training) {
      String[] header = training.get(0);
      int target = List.of(header).indexOf("species");
      for (int c = 0; c < header.length; c++) {
        if (c != target) {
          features.add(header[c]);
        }
      }
      Map<String, Integer> counts = new HashMap<>();
      for (String[] row : training.subList(1, training.size())) {
        double[] sum = centroids.computeIfAbsent(row[target], k -> new double[features.size()]);
        int f = 0;
        for (int c = 0; c < row.length; c++) {
          if (c != target) {
            sum[f++] += Double.parseDouble(row[c]);
          }
        }
        counts.merge(row[target], 1, Integer::sum);
      }
      centroids.forEach((label, sum) -> {
        for (int f = 0; f < sum.length; f++) {
          sum[f] /= counts.get(label);
        }
      });
    }

    /** The predictions file of rows given with their row_id first. */
    String predict(List<String[]> given) {
      List<String> classes = new ArrayList<>(new java.util.TreeSet<>(centroids.keySet()));
      StringBuilder out = new StringBuilder("row_id,prediction");
      classes.forEach(c -> out.append(",probability:").append(c));
      out.append('\n');
      for (String[] row : given.subList(1, given.size())) {
        double[] weight = new double[classes.size()];
        double total = 0;
        int best = 0;
        for (int k = 0; k < classes.size(); k++) {
          double[] centre = centroids.get(classes.get(k));
          double d = 0;
          for (int f = 0; f < features.size(); f++) {
            double x = Double.parseDouble(row[1 + f]);
            d += (x - centre[f]) * (x - centre[f]);
          }
          weight[k] = Math.exp(-d);
          total += weight[k];
          best = weight[k] > weight[best] ? k : best;
        }
        out.append(row[0]).append(',').append(classes.get(best));
        for (double w : weight) {
          out.append(',').append(w / total);
        }
        out.append('\n');
      }
      return out.toString();
    }
  }
}
