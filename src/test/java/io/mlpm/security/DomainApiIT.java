package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.ExternalSystemIT;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The domain API's rights through real HTTP with authentication, on a project that went the whole
 * way to production (its groups had real tasks) and one still waiting for its charter approval.
 * Each test is named after what it refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class DomainApiIT {

  private static final String LIVE = "api-live";
  private static final String WAITING = "api-waiting";
  private static final List<Map<String, Object>> FLOWER = List.of(Map.of("sepal_length", 5.1, "sepal_width", 3.5,
      "petal_length", 1.4, "petal_width", 0.2));

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  static boolean started;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() throws Exception {
    TestApp.irisDataset(dir);
  }

  private Http http() {
    Http http = new Http(port);
    if (!started) {
      start(http, LIVE);
      complete(http, "sponsor", LIVE, "approveCharter", "approved", true);
      complete(http, "steward", LIVE, "approveDataset", "approved", true);
      complete(http, "sponsor", LIVE, "approveDeployment", "approved", true);
      http.await("engineer", "/api/projects/" + LIVE, p -> p.get("phase").asText().equals("production"),
          "production");
      start(http, WAITING);
      http.awaitTask("sponsor", WAITING, "approveCharter");
      started = true;
    }
    return http;
  }

  private static void start(Http http, String key) {
    Http.Response r = http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private static void complete(Http http, String user, String key, String task, Object... variables) {
    String id = http.awaitTask(user, key, task);
    Http.Response r = http.post(user, "/engine-rest/task/" + id + "/complete",
        Map.of("variables", Http.variables(variables)));
    assertThat(r.status()).as(task + ": " + r.body()).isEqualTo(204);
  }

  private Http.Response bearer(String token, String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Bearer " + token);
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return new Http(port).send(null, null, b);
  }

  private static void assertRefused(Http.Response r, int status, String... words) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.json().get("message").asText()).contains(words);
  }

  private String token(Http http, String project, String name) {
    Http.Response r = http.post("engineer", "/api/projects/" + project + "/tokens", Map.of("name", name));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  @Test
  @Order(1)
  void projectsAreReadOnlyByTheirCharterUsersTaskGroupsEngineersInProductionComplianceAndAdmins() {
    Http http = http();
    for (String reader : List.of("sponsor", "steward", "engineer", "compliance", "admin")) {
      assertThat(http.get(reader, "/api/projects/" + LIVE).status()).as(reader).isEqualTo(200);
    }
    // No review of an iteration was needed, so the data scientists never had a task here.
    assertRefused(http.get("scientist", "/api/projects/" + LIVE), 403, "read right", "'scientist'");
    assertRefused(http.get("scientist", "/api/projects/" + LIVE + "/models"), 403, "read right");
    assertRefused(http.get("scientist", "/api/projects/" + LIVE + "/data-report"), 403, "read right");
    assertRefused(http.get("scientist", "/api/projects/" + LIVE + "/health"), 403, "read right");

    // Before the steward's first task and before production, only the charter's users read.
    assertThat(http.get("sponsor", "/api/projects/" + WAITING).status()).isEqualTo(200);
    assertThat(http.get("compliance", "/api/projects/" + WAITING).status()).isEqualTo(200);
    for (String outsider : List.of("steward", "engineer", "scientist")) {
      assertRefused(http.get(outsider, "/api/projects/" + WAITING), 403, "read right");
    }
    assertThat(http.get("steward", "/api/projects/no-such-project").status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void predictionsAndFeedbackAreRefusedToUsersWhoAreNotMlEngineers() {
    Http http = http();
    for (String user : List.of("sponsor", "steward", "compliance", "admin")) {
      assertRefused(http.post(user, "/api/projects/" + LIVE + "/predictions", Map.of("rows", FLOWER)), 403,
          "serve right");
      assertRefused(http.post(user, "/api/projects/" + LIVE + "/feedback", Map.of("predictionId", 1,
          "actual", "setosa")), 403, "serve right");
    }
    assertThat(http.post("engineer", "/api/projects/" + LIVE + "/predictions", Map.of("rows", FLOWER)).status())
        .isEqualTo(200);
  }

  @Test
  @Order(3)
  void tokensAreIssuedOnlyByMlEngineersShownOnceAndStoredHashed() {
    Http http = http();
    assertRefused(http.post("steward", "/api/projects/" + LIVE + "/tokens", Map.of("name", "x")), 403,
        "operate right");
    assertRefused(http.get("admin", "/api/projects/" + LIVE + "/tokens"), 403, "operate right");
    assertRefused(http.post("engineer", "/api/projects/" + LIVE + "/tokens", Map.of()), 400, "'name'");
    String secret = token(http, LIVE, "checkout-service");
    assertThat(secret).startsWith("mlpm_").hasSizeGreaterThan(40);

    JsonNode listed = http.json("engineer", "/api/projects/" + LIVE + "/tokens");
    assertThat(listed.toString()).contains("checkout-service").doesNotContain(secret);
    assertThat(jdbc.queryForList("SELECT * FROM mlpm_serving_token").toString()).doesNotContain(secret);
    assertThat(jdbc.queryForList("SELECT detail FROM mlpm_audit WHERE project_key = ? AND action = 'token-created'",
        String.class, LIVE)).anyMatch(d -> d.contains("checkout-service"));
  }

  @Test
  @Order(4)
  void aTokenServesOnlyItsOwnProjectAndNothingElse() {
    Http http = http();
    String live = token(http, LIVE, "live-client");
    Http.Response served = bearer(live, "POST", "/api/projects/" + LIVE + "/predictions",
        Http.write(Map.of("rows", FLOWER)));
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    long id = served.json().at("/predictions/0/id").asLong();
    Http.Response feedback = bearer(live, "POST", "/api/projects/" + LIVE + "/feedback",
        Http.write(Map.of("predictionId", id, "actual", "setosa")));
    assertThat(feedback.status()).as(feedback.body()).isEqualTo(200);
    assertThat(jdbc.queryForObject("SELECT reported_by FROM mlpm_feedback WHERE prediction_id = ?", String.class, id))
        .startsWith("token:");
    JsonNode listed = http.json("engineer", "/api/projects/" + LIVE + "/tokens");
    assertThat(listed.toString()).contains("\"lastUsedAt\":\"");

    // A client of the other project cannot touch this project's monitoring.
    String other = token(http, WAITING, "other-client");
    assertRefused(bearer(other, "POST", "/api/projects/" + LIVE + "/feedback",
        Http.write(Map.of("predictionId", id, "actual", "virginica"))), 403, "scoped to project '" + WAITING + "'");
    assertRefused(bearer(other, "POST", "/api/projects/" + LIVE + "/predictions",
        Http.write(Map.of("rows", FLOWER))), 403, "scoped");
    // Nor read, operate, or reach anything beyond serving.
    assertRefused(bearer(live, "GET", "/api/projects/" + LIVE, null), 403, "serving token");
    assertRefused(bearer(live, "POST", "/api/projects/" + LIVE + "/tokens", "{\"name\":\"more\"}"), 403,
        "serving token");
    assertRefused(bearer(live, "GET", "/api/policies", null), 403, "serving token");
    assertRefused(bearer(live, "GET", "/actuator/prometheus", null), 403, "serving token");
    assertThat(bearer(live, "GET", "/engine-rest/task", null).status()).isEqualTo(401);
    assertRefused(bearer("mlpm_guessed", "POST", "/api/projects/" + LIVE + "/predictions",
        Http.write(Map.of("rows", FLOWER))), 401, "unknown or revoked");
  }

  @Test
  @Order(5)
  void aRevokedTokenIsRefusedAtOnce() {
    Http http = http();
    String secret = token(http, LIVE, "to-revoke");
    assertThat(bearer(secret, "POST", "/api/projects/" + LIVE + "/predictions", Http.write(Map.of("rows", FLOWER)))
        .status()).isEqualTo(200);
    JsonNode tokens = http.json("engineer", "/api/projects/" + LIVE + "/tokens").get("tokens");
    long id = -1;
    for (JsonNode t : tokens) {
      if (t.get("name").asText().equals("to-revoke")) {
        id = t.get("id").asLong();
      }
    }
    assertRefused(bearer(secret, "DELETE", "/api/projects/" + LIVE + "/tokens/" + id, null), 403, "serving token");
    Http.Response revoked = http.send("engineer", "demo", HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/api/projects/" + LIVE + "/tokens/" + id)).DELETE());
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().get("revokedBy").asText()).isEqualTo("engineer");
    assertRefused(bearer(secret, "POST", "/api/projects/" + LIVE + "/predictions", Http.write(Map.of("rows", FLOWER))),
        401, "unknown or revoked");
    Http.Response again = http.send("engineer", "demo", HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/api/projects/" + LIVE + "/tokens/" + id)).DELETE());
    assertRefused(again, 409, "already revoked");
  }

  @Test
  @Order(6)
  void feedbackIsRefusedTwiceForOnePredictionForAnUnknownClassAndBeyondItsColumn() {
    Http http = http();
    Http.Response served = http.post("engineer", "/api/projects/" + LIVE + "/predictions",
        Map.of("rows", List.of(FLOWER.get(0), FLOWER.get(0))));
    long first = served.json().at("/predictions/0/id").asLong();
    long second = served.json().at("/predictions/1/id").asLong();
    String path = "/api/projects/" + LIVE + "/feedback";
    assertRefused(http.post("engineer", path, Map.of("predictionId", first, "actual", "tulip")), 400,
        "'tulip'", "not a class of the model", "setosa");
    assertRefused(http.post("engineer", path, Map.of("predictionId", first, "actual", "x".repeat(4001))), 400,
        "4001 characters", "at most 4000");
    assertThat(http.post("engineer", path, Map.of("predictionId", first, "actual", "setosa")).status())
        .isEqualTo(200);
    assertRefused(http.post("engineer", path, Map.of("predictionId", first, "actual", "virginica")), 409,
        "already has feedback");
    // A batch with one repeated outcome records nothing, not even its good items.
    assertRefused(http.post("engineer", path, Map.of("feedback", List.of(Map.of("predictionId", second,
        "actual", "setosa"), Map.of("predictionId", first, "actual", "setosa")))), 409, "already has feedback");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_feedback WHERE prediction_id = ?", Integer.class,
        second)).isZero();
    assertThat(jdbc.queryForObject("SELECT actual FROM mlpm_feedback WHERE prediction_id = ?", String.class, first))
        .isEqualTo("setosa");
  }

  private HttpResponse<String> raw(String user, String path, HttpRequest.BodyPublisher body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":demo").getBytes()))
        .header("Content-Type", "application/json").POST(body).timeout(Duration.ofSeconds(30)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String bigRows(int bytes) {
    StringBuilder s = new StringBuilder("{\"rows\":[");
    while (s.length() < bytes) {
      s.append("{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2},");
    }
    return s.append("{}]}").toString();
  }

  @Test
  @Order(7)
  void bodiesOverTheirCapAreRefusedWith413BeforeTheyAreParsed() throws Exception {
    http();
    // Iris has 4 features: 1,000 rows x 4 x 256 bytes + 64 KiB = 1,089,536 bytes.
    long started = System.nanoTime();
    HttpResponse<String> predictions = raw("engineer", "/api/projects/" + LIVE + "/predictions",
        HttpRequest.BodyPublishers.ofString(bigRows(1_500_000)));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(predictions.statusCode()).as(predictions.body()).isEqualTo(413);
    assertThat(predictions.body()).contains("\"type\":\"PayloadTooLarge\"", "1089536 bytes",
        "mlpm.serving.max-batch-rows");
    assertThat(millis).as("answered in ms").isLessThan(1_000);

    // A body without a declared length (chunked) is read only up to the cap.
    HttpResponse<String> chunked = raw("engineer", "/api/projects/" + LIVE + "/predictions",
        HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
            bigRows(1_500_000).getBytes(StandardCharsets.UTF_8))));
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
    assertThat(chunked.body()).contains("larger than that");

    HttpResponse<String> engine = raw("sponsor", "/engine-rest/task/x/complete",
        HttpRequest.BodyPublishers.ofString("{\"variables\":{\"c\":{\"value\":\"" + "x".repeat(1_100_000) + "\"}}}"));
    assertThat(engine.statusCode()).as(engine.body()).isEqualTo(413);
    assertThat(engine.body()).contains("mlpm.http.max-engine-body");
    HttpResponse<String> api = raw("engineer", "/api/projects/" + LIVE + "/feedback",
        HttpRequest.BodyPublishers.ofString("{\"feedback\":[" + "{\"predictionId\":1,\"actual\":\"setosa\"},"
            .repeat(30_000) + "{}]}"));
    assertThat(api.statusCode()).as(api.body()).isEqualTo(413);
    assertThat(api.body()).contains("mlpm.http.max-api-body");
    // Within its cap, the same route still answers.
    assertThat(new Http(port).post("engineer", "/api/projects/" + LIVE + "/predictions", Map.of("rows", FLOWER))
        .status()).isEqualTo(200);
  }

  @Test
  @Order(8)
  void fourParallelFiftyMegabyteBodiesLeaveTheNodeServing() throws Exception {
    http();
    byte[] fifty = bigRows(50_000_000).getBytes(StandardCharsets.UTF_8);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      String who = i % 2 == 0 ? "compliance" : "engineer";
      sent.add(pool.submit(() -> {
        try {
          return raw(who, "/api/projects/" + LIVE + "/predictions", HttpRequest.BodyPublishers.ofByteArray(fifty))
              .statusCode();
        } catch (java.io.IOException e) {
          // The server answered and closed the connection while the client was still sending.
          return -1;
        }
      }));
    }
    for (java.util.concurrent.Future<Integer> f : sent) {
      assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isIn(413, 403, -1);
    }
    pool.shutdown();
    assertThat((System.nanoTime() - started) / 1_000_000).as("all four answered in ms").isLessThan(10_000);
    Http http = new Http(port);
    assertThat(http.get(null, "/actuator/health").status()).isEqualTo(200);
    assertThat(http.post("engineer", "/api/projects/" + LIVE + "/predictions", Map.of("rows", FLOWER)).status())
        .isEqualTo(200);
  }

  @Test
  @Order(9)
  void badRequestsAnswer4xxInTheJsonShapeAndLogOneLineAtInfo(CapturedOutput output) throws Exception {
    Http http = http();
    long id = http.post("engineer", "/api/projects/" + LIVE + "/predictions", Map.of("rows", FLOWER)).json()
        .at("/predictions/0/id").asLong();
    int from = output.getAll().length();
    assertRefused(http.get("engineer", "/api/projects/" + LIVE + "/health/abc/drift.png"), 400,
        "'checkId' must be a whole number", "'abc'");
    assertRefused(http.get("steward", "/api/projects/" + LIVE + "/data-report/chart.png"), 400,
        "query parameter 'column'");
    assertRefused(http.get("steward", "/error"), 404, "/error");
    assertRefused(http.get(null, "/error"), 404, "/error");
    Http.Response prometheus = http.send("engineer", "demo", HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/actuator/prometheus")).header("Accept", "application/json"));
    assertThat(prometheus.status()).as(prometheus.body()).isEqualTo(406);
    assertThat(prometheus.json().get("type").asText()).isEqualTo("NotAcceptable");
    assertRefused(http.post("engineer", "/api/projects/" + LIVE + "/feedback", Map.of("predictionId", id,
        "actual", "y".repeat(5000))), 400, "at most 4000");
    assertRefused(http.post("sponsor", "/engine-rest/task/no-such-task/complete", Map.of()), 404,
        "no open task 'no-such-task'");
    String logged = output.getAll().substring(from);
    assertThat(logged).doesNotContain(" ERROR ", "\tat ", "Exception:");
    assertThat(logged).contains(" INFO ", "400 GET /api/projects/" + LIVE + "/health/abc/drift.png");
  }

  @Test
  @Order(10)
  void ofTwoSimultaneousCompletionsOneWinsTheOtherGets409AndSoDoesALaterOne() throws Exception {
    Http http = http();
    String task = http.awaitTask("sponsor", WAITING, "approveCharter");
    Map<String, Object> approve = Map.of("variables", Http.variables("approved", true));
    java.util.concurrent.CompletableFuture<Http.Response> first;
    // Hold the task's row so that the first completion stays inside the engine for a moment.
    try (java.sql.Connection lock = jdbc.getDataSource().getConnection()) {
      lock.setAutoCommit(false);
      try (var ps = lock.prepareStatement("SELECT ID_ FROM ACT_RU_TASK WHERE ID_ = ? FOR UPDATE")) {
        ps.setString(1, task);
        ps.executeQuery().close();
      }
      first = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> http.post("sponsor", "/engine-rest/task/" + task + "/complete", approve));
      // Until the first completion waits on that row lock (H2 names the blocked session).
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL",
          Integer.class) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(first).isNotDone();
      assertRefused(http.post("sponsor", "/engine-rest/task/" + task + "/complete", approve), 409,
          "'sponsor' is completing task");
      lock.rollback();
    }
    Http.Response won = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(won.status()).as(won.body()).isEqualTo(204);
    // Completing it again later is the same conflict, not a task that never was.
    assertRefused(http.post("sponsor", "/engine-rest/task/" + task + "/complete", approve), 409,
        "completed already");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_sign_off WHERE task_id = ?", Integer.class, task))
        .isEqualTo(1);
  }

  @Test
  @Order(11)
  void theAuditChainOfALiveProjectVerifiesAndNamesItsDataModelAndVersions() {
    Http http = http();
    JsonNode chain = http.json("compliance", "/api/projects/" + LIVE + "/audit");
    assertThat(chain.path("problems").toString()).isEqualTo("[]");
    assertThat(chain.path("verified").asBoolean()).isTrue();
    JsonNode deployment = null;
    for (JsonNode r : chain.path("chain")) {
      if (r.path("action").asText().equals("approveDeployment")) {
        deployment = r;
      }
    }
    assertThat(deployment).as("the deployment sign-off in the chain").isNotNull();
    assertThat(deployment.path("actor").asText()).isEqualTo("sponsor");
    assertThat(deployment.path("datasetSha256").asText()).matches("[0-9a-f]{64}");
    assertThat(deployment.path("modelVersionId").isNumber()).isTrue();
    assertThat(deployment.path("processDefinition").asText()).startsWith("ml-project-lifecycle:v");
    // The policies evaluated before the sign-off (deployment-approval decides only after it).
    assertThat(deployment.path("policyVersions").asText()).contains("data-quality-policy:v");
    assertRefused(http.get("sponsor", "/api/projects/" + LIVE + "/audit"), 403, "audit chain");
  }
}
