package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
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



  @Test
  void driftLeadsToAReviewAndAcceptingItQuietsTheFeature() {
    Http http = new Http(port);
    String key = "iris-monitored";
    Http.Response started = http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    http.complete("sponsor", key, "approveCharter", "approved", true);
    http.complete("steward", key, "approveDataset", "approved", true);
    http.complete("sponsor", key, "approveDeployment", "approved", true);
    http.await("engineer", "/api/projects/" + key, p -> p.get("phase").asText().equals("production"), "production");

    List<Map<String, Object>> rows = TestApp.driftedIris();
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", rows)).status())
        .isEqualTo(200);

    http.fireHealthCheck(key);
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
    http.fireHealthCheck(key);
    JsonNode next = http.await("engineer", "/api/projects/" + key + "/health",
        h -> h.get("checkId").asLong() != health.get("checkId").asLong(), "a second health check");
    assertThat(next.get("verdict").asText()).isNotEqualTo("DEGRADED");
    assertThat(http.get("engineer", "/engine-rest/task?processInstanceBusinessKey=" + key).json()).isEmpty();
  }
}
