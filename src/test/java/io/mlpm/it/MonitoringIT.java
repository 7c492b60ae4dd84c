package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Production monitoring over HTTP: drifted inputs make the health check (fired through the REST
 * API instead of waiting an hour) ask the ML engineers for a decision; accepting quiets it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MonitoringIT {

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() throws Exception {
    TestApp.irisDataset(dir);
  }

  private void complete(Http http, String user, String key, String task, Object... variables) {
    String id = http.awaitTask(user, key, task);
    Http.Response r = http.post(user, "/engine-rest/task/" + id + "/complete",
        Map.of("variables", Http.variables(variables)));
    assertThat(r.status()).as(task + ": " + r.body()).isEqualTo(204);
  }

  /** Fires the project's health-check timer now, as the engine would when its time comes. */
  private void fireHealthCheck(Http http, String key) {
    String pi = http.get("admin", "/engine-rest/process-instance?businessKey=" + key
        + "&processDefinitionKey=ml-project-lifecycle").json().get(0).get("id").asText();
    JsonNode timers = http.await("admin", "/engine-rest/job?timers=true&processInstanceId=" + pi,
        j -> j.size() == 1, "the health-check timer");
    Http.Response fired = http.post("admin", "/engine-rest/job/" + timers.get(0).get("id").asText() + "/execute",
        Map.of());
    assertThat(fired.status()).as(fired.body()).isEqualTo(204);
  }

  @Test
  void driftLeadsToAReviewAndAcceptingItQuietsTheFeature() {
    Http http = new Http(port);
    String key = "iris-monitored";
    Http.Response started = http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    complete(http, "sponsor", key, "approveCharter", "approved", true);
    complete(http, "steward", key, "approveDataset", "approved", true);
    complete(http, "sponsor", key, "approveDeployment", "approved", true);
    http.await("engineer", "/api/projects/" + key, p -> p.get("phase").asText().equals("production"), "production");

    // 150 flowers whose petals are far longer than any in training.
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add(Map.of("sepal_length", 4.5 + (i % 30) / 10.0, "sepal_width", 2.2 + (i % 20) / 10.0,
          "petal_length", 12.0 + i % 5, "petal_width", 0.1 + (i % 25) / 10.0));
    }
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", rows)).status())
        .isEqualTo(200);

    fireHealthCheck(http, key);
    String review = http.awaitTask("engineer", key, "reviewDegradation");
    JsonNode health = http.get("engineer", "/api/projects/" + key + "/health").json();
    assertThat(health.get("verdict").asText()).isEqualTo("DEGRADED");
    assertThat(health.at("/report/findings").toString()).contains("petal_length").contains("PSI");
    Http.Response chart = http.get("engineer", "/api/projects/" + key + "/health/"
        + health.get("checkId").asText() + "/drift.png");
    assertThat(chart.status()).isEqualTo(200);

    // Rolling back is impossible for the first production model; accepting needs a reason.
    assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete",
        Map.of("variables", Http.variables("decision", "rollback"))).status()).isEqualTo(400);
    assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete",
        Map.of("variables", Http.variables("decision", "accept"))).status()).isEqualTo(400);
    assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete",
        Map.of("variables", Http.variables("decision", "accept", "comment", "new greenhouse cultivar, expected")))
        .status()).isEqualTo(204);

    // The same drift is not raised again while the acceptance lasts.
    fireHealthCheck(http, key);
    JsonNode next = http.await("engineer", "/api/projects/" + key + "/health",
        h -> h.get("checkId").asLong() != health.get("checkId").asLong(), "a second health check");
    assertThat(next.get("verdict").asText()).isNotEqualTo("DEGRADED");
    assertThat(http.get("engineer", "/engine-rest/task?processInstanceBusinessKey=" + key).json()).isEmpty();
  }
}
