package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives whole projects through real HTTP with authentication, as an external system would: the
 * contract of design.md, its errors, its security.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
// Spring Boot tests switch metric export off unless asked; the Prometheus endpoint is part of the contract.
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
public class ExternalSystemIT {

  @org.springframework.beans.factory.annotation.Autowired
  io.mlpm.governance.AuditTrail audit;

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.JdbcTemplate jdbc;

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.RuntimeService runtime;

  @org.springframework.beans.factory.annotation.Autowired
  org.camunda.bpm.engine.ProcessEngine engine;

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.context.ApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() throws Exception {
    TestApp.irisDataset(dir);
    Files.writeString(dir.resolve("outside.csv"), "a,b\n1,2\n");
    StringBuilder gappy = new StringBuilder("x,income,label\n");
    for (int i = 0; i < 100; i++) {
      gappy.append(i % 10).append(',').append(i % 2 == 0 ? "" : String.valueOf(1000 + i)).append(',')
          .append(i % 3 == 0 ? "yes" : "no").append('\n');
    }
    Files.writeString(dir.resolve("datasets/gappy.csv"), gappy);
    StringBuilder semicolons = new StringBuilder("name,initial;score;label\n");
    for (int i = 0; i < 60; i++) {
      semicolons.append("Doe,").append((char) ('A' + i % 26)).append(';').append(i % 10).append(';')
          .append(i % 2 == 0 ? "yes" : "no").append('\n');
    }
    Files.writeString(dir.resolve("datasets/semicolons.csv"), semicolons);
    StringBuilder leaky = new StringBuilder("x,leak,label\n");
    for (int i = 0; i < 120; i++) {
      String label = i % 3 == 0 ? "yes" : "no";
      // x is a measurement (distinct values, so no row repeats); leak is the label in disguise.
      leaky.append(String.format(java.util.Locale.ROOT, "%.4f", Math.sin(i) * 10)).append(',').append("L-")
          .append(label).append(',').append(label).append('\n');
    }
    Files.writeString(dir.resolve("datasets/leaky.csv"), leaky);
    Files.write(dir.resolve("datasets/binary.csv"), new byte[] {'a', ',', 'b', '\n', 0, 1, 2, 3, '\n'});
  }

  private Http http() {
    return new Http(port);
  }

  public static Map<String, Object> charter(String key, Object... overrides) {
    Map<String, Object> values = new HashMap<>(Map.of(
        "projectName", "Iris species", "businessProblem", "Identify iris species in the field",
        "sponsor", "sponsor", "datasetUri", "iris.csv", "targetColumn", "species", "taskType", "classification",
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]"));
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        values.remove((String) overrides[i]);
      } else {
        values.put((String) overrides[i], overrides[i + 1]);
      }
    }
    Map<String, Object> vars = new HashMap<>();
    values.forEach((k, v) -> vars.put(k, Map.of("value", v)));
    return Map.of("businessKey", key, "variables", vars);
  }

  private static final String START = "/engine-rest/process-definition/key/ml-project-lifecycle/start";

  @Test
  void noAnonymousAccessAndWrongPasswordsAreRefused() {
    // Wrong passwords slow later attempts of that user from this address (LoginThrottle), so use a user
    // no other test of this class needs.
    Http http = http();
    assertThat(http.get(null, "/engine-rest/task").status()).isEqualTo(401);
    assertThat(http.get(null, "/api/projects/x").status()).isEqualTo(401);
    assertThat(http.send("compliance", "wrong", java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://localhost:" + port + "/engine-rest/task")).GET()).status()).isEqualTo(401);
    assertThat(http.send("compliance", "wrong", java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://localhost:" + port + "/api/projects/x")).GET()).status()).isEqualTo(401);
    assertThat(http.get(null, "/h2-console").status()).isIn(401, 404);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "projectName||'projectName'",
      "taskType|clustering|'taskType'",
      "successCriteria|[{\"metric\":\"accuracy\"}]|'successCriteria'",
      "successCriteria|[{\"metric\":\"auc\",\"operator\":\">=\",\"threshold\":0.8}]|unknown metric",
      "successCriteria|[{\"metric\":\"accuracy\",\"operator\":\"~\",\"threshold\":0.8}]|unknown operator",
      "successCriteria|[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":\"high\"}]|'threshold'",
      "successCriteria|[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":80}]|outside accuracy's range, 0 to 1",
      "targetColumn|specie|'targetColumn' is 'specie', which is not a column of iris.csv",
      "sensitiveAttribute|gender|'sensitiveAttribute' is 'gender'",
      "datasetUri|../outside.csv|'datasetUri'",
      "datasetUri|/etc/passwd|'datasetUri'",
      "datasetUri|missing.csv|'datasetUri'",
      "sponsor|nobody|'sponsor'",
      "sponsor|scientist|not a member of the group 'sponsors'"})
  void aBadCharterGetsA400NamingTheVariableAndLeavesNothing(String variable, String value, String expected) {
    Http http = http();
    String key = "bad-" + Math.abs((variable + value).hashCode());
    Http.Response r = http.post("sponsor", START, charter(key, variable, value));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("message").asText()).contains(expected);
    assertThat(http.get("admin", "/engine-rest/process-instance/count?businessKey=" + key).json().get("count").asInt())
        .isZero();
    assertThat(http.get("admin", "/api/projects/" + key).status()).isEqualTo(404);
  }

  @Test
  void everyStartPathValidatesTheCharter() {
    Http http = http();
    String id = http.get("sponsor", "/engine-rest/process-definition/key/ml-project-lifecycle").json().get("id")
        .asText();
    Map<String, Object> bad = charter("bad-paths", "taskType", "clustering");
    for (String path : List.of("/engine-rest/process-definition/" + id + "/start",
        "/engine-rest/process-definition/" + id + "/submit-form",
        "/engine-rest/process-definition/key/ml-project-lifecycle/submit-form")) {
      Http.Response r = http.post("sponsor", path, bad);
      assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(400);
      assertThat(r.body()).contains("'taskType'");
    }
    Http.Response noKey = http.post("sponsor", START, Map.of("variables", charter("x").get("variables")));
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.body()).contains("businessKey");
  }

  @Test
  void aProjectRunsFromCharterToProductionAndRetirement() {
    Http http = http();
    String key = "iris-e2e";
    Http.Response started = http.post("sponsor", START, charter(key));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    Http.Response again = http.post("sponsor", START, charter(key));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("already active");

    String charterTask = http.awaitTask("sponsor", key, "approveCharter");
    // The task names its project, in Tasklist's list and over REST.
    assertThat(http.json("sponsor", "/engine-rest/task/" + charterTask).path("name").asText())
        .isEqualTo("Approve charter — Iris species (" + key + ")");
    // Another role cannot sign off the sponsor's charter; the task stays open.
    Http.Response forbidden = http.post("steward", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(forbidden.status()).as(forbidden.body()).isEqualTo(403);
    assertThat(http.get("sponsor", "/engine-rest/task/" + charterTask).status()).isEqualTo(200);
    // A sign-off without a decision is refused and the task stays open.
    Http.Response undecided = http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("comment", "hmm")));
    assertThat(undecided.status()).as(undecided.body()).isEqualTo(400);
    assertThat(undecided.body()).contains("approved");

    assertThat(http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "go"))).status()).isEqualTo(204);
    // The same completion again (a double click, a second tab, another node): 409, the process moved on once.
    Http.Response twice = http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", false, "comment", "changed my mind")));
    assertThat(twice.status()).as(twice.body()).isEqualTo(409);
    assertThat(twice.body()).contains("completed already");

    String datasetTask = http.awaitTask("steward", key, "approveDataset");
    // A task of a called process names the project too; a task opened before tasks were named
    // (as an older release left it) is named at start.
    org.camunda.bpm.engine.TaskService taskService = engine.getTaskService();
    assertThat(taskService.createTaskQuery().taskId(datasetTask).singleResult().getName())
        .isEqualTo("Approve dataset — Iris species (" + key + ")");
    org.camunda.bpm.engine.task.Task unnamed = taskService.createTaskQuery().taskId(datasetTask).singleResult();
    unnamed.setName("Approve dataset");
    taskService.saveTask(unnamed);
    context.publishEvent(new org.camunda.bpm.spring.boot.starter.event.PostDeployEvent(engine));
    assertThat(http.json("steward", "/engine-rest/task/" + datasetTask).path("name").asText())
        .isEqualTo("Approve dataset — Iris species (" + key + ")");
    JsonNode project = http.get("steward", "/api/projects/" + key).json();
    assertThat(project.get("phase").asText()).isEqualTo("data-preparation");
    assertThat(project.at("/dataQuality/verdict").asText()).isIn("PASS", "WARN");
    assertThat(project.at("/dataQuality/findings").isArray()).isTrue();
    assertThat(project.at("/dataQuality/profile/rows").asLong()).isEqualTo(150);
    // The version's SHA-256 beside its id, as the sign-offs and the model card record it.
    assertThat(project.at("/dataQuality/datasetSha256").asText()).matches("[0-9a-f]{64}")
        .isEqualTo(engine.getRuntimeService().getVariable(engine.getTaskService().createTaskQuery()
            .taskId(datasetTask).singleResult().getExecutionId(), "datasetSha256"));
    assertThat(project.at("/dataQuality/profile/columns/0/name").asText()).isEqualTo("sepal_length");
    assertThat(project.at("/dataQuality/profile/target/classCounts/setosa").asLong()).isEqualTo(50);
    assertThat(http.post("steward", "/engine-rest/task/" + datasetTask + "/complete",
        Map.of("variables", Http.variables("approved", true))).status()).isEqualTo(204);

    String deploymentTask = http.awaitTask("sponsor", key, "approveDeployment");
    project = http.get("sponsor", "/api/projects/" + key).json();
    assertThat(project.get("criteriaMet").asBoolean()).isTrue();
    assertThat(project.at("/metrics/accuracy").asDouble()).isGreaterThanOrEqualTo(0.8);
    assertThat(project.get("modelVersion").isNull()).isTrue();
    // The deployment form says how many rows the model learnt from (refit on training plus validation
    // rows once selected, by cross-validation on so few rows) and was judged on.
    assertThat(http.get("sponsor", "/engine-rest/task/" + deploymentTask + "/variables/rowsUsed").json()
        .get("value").asText()).matches("tuned and selected by 5-fold cross-validation on all (\\d+) training rows and"
            + " all (\\d+) validation rows; refit on both \\(\\d+ rows\\) before the test evaluation; evaluated on all 30 test rows");
    // Segregation of duties: the sponsor started this project, so another person must approve it.
    Http.Response selfApproval = http.post("sponsor", "/engine-rest/task/" + deploymentTask + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "ship")));
    assertThat(selfApproval.status()).as(selfApproval.body()).isEqualTo(403);
    assertThat(selfApproval.json().get("message").asText()).contains("started this project");
    assertThat(http.get("sponsor", "/engine-rest/task/" + deploymentTask).status()).isEqualTo(200);
    // An administrator is not a sponsor: the sign-off is for the sponsors' group alone.
    Http.Response byAdmin = http.post("admin", "/engine-rest/task/" + deploymentTask + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "ship")));
    assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(403);
    assertThat(byAdmin.json().get("message").asText()).contains("not a member of 'sponsors'");
    assertThat(http.get("sponsor", "/engine-rest/task/" + deploymentTask).status()).isEqualTo(200);
    assertThat(http.post("sponsor2", "/engine-rest/task/" + deploymentTask + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "ship"))).status()).isEqualTo(204);

    // The project view reads the phase and the registry in two statements, so a deployment that
    // commits between them can show one before the other: wait for both.
    project = http.await("engineer", "/api/projects/" + key, p -> p.get("modelVersion").asInt() == 1
        && "production".equals(p.get("phase").asText()), "model version 1 in production");

    JsonNode models = http.get("engineer", "/api/projects/" + key + "/models").json().get("models");
    // The default candidates competed; the selected one is in production, the others stay candidates.
    assertThat(models).hasSize(io.mlpm.training.Algorithm.defaults(io.mlpm.ml.TaskType.CLASSIFICATION).size());
    List<String> algorithms = new java.util.ArrayList<>();
    models.forEach(m -> {
      algorithms.add(m.get("algorithm").asText());
      assertThat(m.at("/provenance/datasetSha256").asText()).hasSize(64);
      assertThat(m.at("/provenance/seed").asLong()).isEqualTo(42);
      assertThat(m.at("/provenance/parameters").isObject()).isTrue();
      assertThat(m.at("/validationMetrics/accuracy").isNumber()).isTrue();
      assertThat(m.get("trials").size()).isBetween(1, 4);
    });
    assertThat(algorithms).containsExactlyInAnyOrder("majority_baseline", "logistic_regression", "random_forest",
        "gradient_boosting");
    JsonNode model = java.util.stream.StreamSupport.stream(models.spliterator(), false)
        .filter(m -> m.get("stage").asText().equals("PRODUCTION")).findFirst().orElseThrow();
    assertThat(model.get("selected").asBoolean()).isTrue();
    assertThat(model.get("selectionReason").asText()).contains(": 5-fold cross-validated accuracy ");
    assertThat(model.at("/trials/0/foldScores").size()).isEqualTo(5);
    // Selected by cross-validation (so few rows), then refit on training plus validation rows before its test evaluation.
    assertThat(model.at("/provenance/refitRows").asText()).matches("(\\d+) rows: all \\d+ training rows and all \\d+"
        + " validation rows");
    assertThat(model.at("/provenance/tribuo").asText()).contains("MLPM training split, "
        + model.at("/provenance/refitRows").asText().split(" ")[0] + " rows");
    assertThat(model.get("algorithm").asText()).isNotEqualTo("majority_baseline");
    Http.Response card = http.get("sponsor", model.get("modelCard").asText());
    assertThat(card.status()).isEqualTo(200);
    assertThat(card.body()).contains(model.get("algorithm").asText());
    assertThat(model.get("approvedBy").asText()).isEqualTo("sponsor2");

    Http.Response predicted = http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", List.of(
        Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2),
        Map.of("sepal_length", 6.7, "sepal_width", 3.0, "petal_length", 5.2, "petal_width", 2.3))));
    assertThat(predicted.status()).as(predicted.body()).isEqualTo(200);
    assertThat(predicted.json().get("modelVersion").asInt()).isEqualTo(1);
    assertThat(predicted.json().get("predictions").get(0).get("prediction").asText()).isEqualTo("setosa");
    assertThat(predicted.json().get("predictions").get(1).get("prediction").asText()).isEqualTo("virginica");

    long firstId = predicted.json().get("predictions").get(0).get("id").asLong();
    long secondId = predicted.json().get("predictions").get(1).get("id").asLong();
    Http.Response feedback = http.post("engineer", "/api/projects/" + key + "/feedback", Map.of("feedback", List.of(
        Map.of("predictionId", firstId, "actual", "setosa"), Map.of("predictionId", secondId, "actual", "virginica"))));
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
    assertThat(feedback.json().get("recorded").asInt()).isEqualTo(2);
    assertThat(http.post("engineer", "/api/projects/" + key + "/feedback",
        Map.of("predictionId", 999_999, "actual", "setosa")).status()).isEqualTo(400);
    Http.Response noActual = http.post("engineer", "/api/projects/" + key + "/feedback", Map.of("predictionId", firstId));
    assertThat(noActual.status()).isEqualTo(400);
    assertThat(noActual.json().get("message").asText()).contains("actual");
    assertThat(http.post("engineer", "/api/projects/nope/feedback",
        Map.of("predictionId", firstId, "actual", "x")).status()).isEqualTo(404);
    // The prediction log is bounded: keeping one prediction removes the older one and its feedback.
    var retention = new io.mlpm.serving.PredictionRetention(jdbc, new io.mlpm.MlpmProperties(null, null,
        new io.mlpm.MlpmProperties.Serving(10, 1, 0), null, null));
    assertThat(retention.trim(key)).isEqualTo(1);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_feedback WHERE project_key = ?", Integer.class, key))
        .isEqualTo(1);

    // Operations: the health probe is open, metrics need a user and count this project's predictions.
    assertThat(http.get(null, "/actuator/health").status()).isEqualTo(200);
    assertThat(http.get(null, "/actuator/prometheus").status()).isEqualTo(401);
    Http.Response metrics = http.get("engineer", "/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("mlpm_predictions_total{project=\"" + key + "\"}")
        .contains("mlpm_prediction_latency_seconds").contains("mlpm_open_tasks{task=\"approveCharter\"}");

    Http.Response missingFeature = http.post("engineer", "/api/projects/" + key + "/predictions",
        Map.of("rows", List.of(Map.of("sepal_length", 5.1))));
    assertThat(missingFeature.status()).isEqualTo(400);
    assertThat(missingFeature.json().get("message").asText()).contains("sepal_width");
    assertThat(http.postRaw("engineer", "demo", "/api/projects/" + key + "/predictions", "{not json").status())
        .isEqualTo(400);
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", List.of())).status())
        .isEqualTo(400);
    List<Map<String, Object>> tooMany = java.util.Collections.nCopies(1001,
        Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2));
    Http.Response batch = http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", tooMany));
    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.json().get("message").asText()).contains("at most 1000");
    Http.Response mistyped = http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", List.of(
        Map.of("sepal_length", "long", "sepal_width", 3.5, "petal_length", 1.4, "petal_width", 0.2))));
    assertThat(mistyped.status()).isEqualTo(400);
    assertThat(mistyped.json().get("message").asText()).contains("sepal_length");
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", List.of(5))).status())
        .isEqualTo(400);
    assertThat(http.post("engineer", "/api/projects/nope/predictions",
        Map.of("rows", List.of(Map.of("a", 1)))).status()).isEqualTo(404);

    // Retirement is the ML engineers' own route, with a reason; the engine's message route is not.
    assertThat(http.post("engineer", "/engine-rest/message",
        Map.of("messageName", "retire-project", "businessKey", key)).status()).isEqualTo(403);
    assertThat(http.post("sponsor", "/api/projects/" + key + "/retire", Map.of("reason", "done")).status())
        .isEqualTo(403);
    Http.Response noReason = http.post("engineer", "/api/projects/" + key + "/retire", Map.of());
    assertThat(noReason.status()).as(noReason.body()).isEqualTo(400);
    assertThat(noReason.json().get("message").asText()).contains("'reason'");
    Http.Response retired = http.post("engineer", "/api/projects/" + key + "/retire",
        Map.of("reason", "Replaced by the Q4 model"));
    assertThat(retired.status()).as(retired.body()).isEqualTo(200);
    assertThat(http.post("engineer", "/api/projects/" + key + "/retire", Map.of("reason", "again")).status())
        .isEqualTo(409);
    assertThat(audit.list(key)).anySatisfy(r -> assertThat(java.util.Arrays.asList(r.get("actor"), r.get("action"), r.get("detail")))
        .isEqualTo(List.of("engineer", "retire", "Replaced by the Q4 model")));
    project = http.get("engineer", "/api/projects/" + key).json();
    assertThat(project.get("status").asText()).isEqualTo("RETIRED");
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions",
        Map.of("rows", List.of(Map.of("sepal_length", 5.1)))).status()).isEqualTo(410);
  }

  @Test
  void badDataGoesToTheStewardWithFindingsThatNameTheProblem() {
    Http http = http();
    assertThat(http.post("admin", START, charter("gappy", "datasetUri", "gappy.csv", "targetColumn", "label"))
        .status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "gappy", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    String issues = http.awaitTask("steward", "gappy", "resolveDataIssues");
    JsonNode project = http.get("steward", "/api/projects/gappy").json();
    assertThat(project.at("/dataQuality/verdict").asText()).isEqualTo("FAIL");
    assertThat(project.at("/dataQuality/findings").toString())
        .contains("Column 'income' is 50.0% empty (50 of 100 rows), above the allowed 20.0%.");
    Http.Response report = http.get("steward", "/api/projects/gappy/data-report");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.body()).contains("income").contains("50.0%");
    // A waiver needs a reason; aborting ends the project with it.
    assertThat(http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "waive"))).status()).isEqualTo(400);
    assertThat(http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "abort", "comment", "income is not collected yet")))
        .status()).isEqualTo(204);
    http.await("steward", "/api/projects/gappy", p -> p.get("status").asText().equals("ABORTED"), "aborted");
  }

  @Test
  void aRegressionTargetThatIsNotNumericCannotBeWaived() {
    Http http = http();
    assertThat(http.post("admin", START, charter("textual", "taskType", "regression", "successCriteria",
        "[{\"metric\":\"rmse\",\"operator\":\"<=\",\"threshold\":1}]")).status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "textual", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    String issues = http.awaitTask("steward", "textual", "resolveDataIssues");
    // As a task opened by an older release would be: no unwaivable findings noted. They are
    // noted again from the recorded checks at start.
    String execution = http.json("admin", "/engine-rest/task/" + issues).path("executionId").asText();
    runtime.removeVariable(execution, "unwaivableFindings");
    assertThat(runtime.getVariable(execution, "unwaivableFindings")).isNull();
    context.publishEvent(new org.camunda.bpm.spring.boot.starter.event.PostDeployEvent(engine));
    assertThat(runtime.getVariable(execution, "unwaivableFindings")).asString().contains("not numeric");
    Http.Response waived = http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "waive", "comment", "we will manage")));
    assertThat(waived.status()).as(waived.body()).isEqualTo(400);
    assertThat(waived.json().path("message").asText()).contains("cannot be waived", "'species' is not numeric",
        "'newDataset' or 'abort'");
    // The steward's form says so before anyone tries.
    assertThat(http.json("steward", "/engine-rest/task/" + issues + "/form-variables").at("/waiverNote/value")
        .asText()).contains("cannot be waived", "not numeric");
    assertThat(http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "abort", "comment", "no numeric target")))
        .status()).isEqualTo(204);
  }

  @Test
  void aStewardLeavesALeakingColumnOutAndTheDatasetIsCheckedAgainWithoutIt() {
    Http http = http();
    assertThat(http.post("admin", START, charter("leaky", "datasetUri", "leaky.csv", "targetColumn", "label"))
        .status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "leaky", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    String issues = http.awaitTask("steward", "leaky", "resolveDataIssues");
    assertThat(http.get("steward", "/api/projects/leaky").json().at("/dataQuality/findings").toString())
        .contains("Column 'leak' alone predicts 'label'");
    String complete = "/engine-rest/task/" + issues + "/complete";
    Http.Response noReason = http.post("steward", complete,
        Map.of("variables", Http.variables("resolution", "exclude", "excludeColumns", "leak")));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().path("message").asText()).contains("reason");
    Http.Response target = http.post("steward", complete, Map.of("variables", Http.variables("resolution", "exclude",
        "excludeColumns", "leak, label", "comment", "x")));
    assertThat(target.json().path("message").asText()).contains("'label' is the target");
    Http.Response unknown = http.post("steward", complete, Map.of("variables", Http.variables("resolution", "exclude",
        "excludeColumns", "lek", "comment", "x")));
    assertThat(unknown.json().path("message").asText()).contains("Not columns of the dataset: [lek]", "leak");
    assertThat(http.post("steward", complete, Map.of("variables", Http.variables("resolution", "exclude",
        "excludeColumns", "leak", "comment", "derived from the label after the fact"))).status()).isEqualTo(204);
    // Checked again without it: no finding is left, so the dataset goes on to its approval without it.
    String approval = http.awaitTask("steward", "leaky", "approveDataset");
    assertThat(http.get("steward", "/api/projects/leaky").json().at("/dataQuality/findings").toString())
        .doesNotContain("'leak'");
    assertThat(http.json("steward", "/engine-rest/task/" + approval + "/form-variables").at("/splitSummary/value")
        .asText()).contains("left out of the features: leak");
    // Four eyes: the steward who left a column out does not approve the result.
    Http.Response own = http.post("steward", "/engine-rest/task/" + approval + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(own.status()).as(own.body()).isEqualTo(403);
    assertThat(http.post("steward2", "/engine-rest/task/" + approval + "/complete",
        Map.of("variables", Http.variables("approved", true))).status()).isEqualTo(204);
    assertThat(jdbc.queryForList("SELECT decision, comment FROM mlpm_sign_off WHERE project_key = 'leaky'"
        + " AND task_key = 'resolveDataIssues'")).singleElement().satisfies(r -> {
          assertThat(r.get("DECISION")).isEqualTo("exclude");
          assertThat(r.get("COMMENT")).isEqualTo("derived from the label after the fact");
        });
  }

  @Test
  void aFileChangedAfterItsSignOffStopsModelDevelopmentAndGoesBackToTheSteward() throws Exception {
    Path file = dir.resolve("datasets/changing.csv");
    Files.copy(dir.resolve("datasets/iris.csv"), file);
    Http http = http();
    assertThat(http.post("admin", START, charter("changing", "datasetUri", "changing.csv")).status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "changing", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    String approval = http.awaitTask("steward", "changing", "approveDataset");
    // After the split, before training: one label swapped, same size and modification time.
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    String text = Files.readString(file);
    int last = text.lastIndexOf("virginica");
    Files.writeString(file, text.substring(0, last) + "Virginica" + text.substring(last + "virginica".length()));
    Files.setLastModifiedTime(file, time);
    assertThat(http.post("steward", "/engine-rest/task/" + approval + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "fine"))).status()).isEqualTo(204);
    // Training reads other bytes than were approved: not an incident, a finding for the steward.
    String issues = http.awaitTask("steward", "changing", "resolveDataIssues");
    assertThat(http.get("steward", "/api/projects/changing").json().at("/dataQuality/findings").toString())
        .contains("'changing.csv' no longer has the SHA-256", "Model development stopped");
    assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey("changing").list())
        .allSatisfy(pi -> assertThat(runtime.createIncidentQuery().processInstanceId(pi.getId()).count()).isZero());
    Http.Response waived = http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "waive", "comment", "looks the same")));
    assertThat(waived.status()).as(waived.body()).isEqualTo(400);
    assertThat(waived.json().path("message").asText()).contains("cannot be waived");
    // Checked again, the changed file is a new version with its own sign-off.
    assertThat(http.post("steward", "/engine-rest/task/" + issues + "/complete",
        Map.of("variables", Http.variables("resolution", "newDataset", "datasetUri", "changing.csv")))
        .status()).isEqualTo(204);
    http.awaitTask("steward", "changing", "approveDataset");
    assertThat(http.get("steward", "/api/projects/changing").json().at("/dataQuality/findings").toString())
        .contains("profiled").doesNotContain("no longer has the SHA-256");
  }

  @Test
  void aDeclaredDelimiterIsUsedThroughTheWholeProject() {
    Http http = http();
    assertThat(http.post("admin", START, charter("semi", "datasetUri", "semicolons.csv", "targetColumn", "label",
        "csvDelimiter", "semicolon")).status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "semi", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    http.await("steward", "/api/projects/semi", p -> p.at("/dataQuality/findings").toString().contains("profiled"),
        "the profile of semi");
    assertThat(http.get("steward", "/api/projects/semi").json().at("/dataQuality/findings").toString())
        .contains("60 rows and 3 columns profiled");
  }

  @Test
  void anUnreadableFileIsAFindingNotAStackTrace() {
    Http http = http();
    assertThat(http.post("admin", START, charter("binary", "datasetUri", "binary.csv", "targetColumn", "b"))
        .status()).isEqualTo(200);
    String charterTask = http.awaitTask("sponsor", "binary", "approveCharter");
    http.post("sponsor", "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    http.awaitTask("steward", "binary", "resolveDataIssues");
    String findings = http.get("steward", "/api/projects/binary").json().at("/dataQuality/findings").toString();
    assertThat(findings).contains("binary.csv").containsIgnoringCase("binary").doesNotContain("Exception");
  }

  @Test
  void aRejectedCharterEndsTheProject() {
    Http http = http();
    String key = "iris-rejected";
    assertThat(http.post("sponsor", START, charter(key)).status()).isEqualTo(200);
    String task = http.awaitTask("sponsor", key, "approveCharter");
    assertThat(http.post("sponsor", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", false, "comment", "not now"))).status()).isEqualTo(204);
    JsonNode project = http.get("sponsor", "/api/projects/" + key).json();
    assertThat(project.get("status").asText()).isEqualTo("REJECTED");
  }
}
