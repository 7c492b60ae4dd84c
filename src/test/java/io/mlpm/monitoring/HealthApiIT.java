package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The health API in the whole application: wiring, authentication, JSON and the PNG over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HealthApiIT {

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  HealthCheckService service;

  @Autowired
  HealthChecks checks;

  @Autowired
  BaselineRepository baselines;

  @Autowired
  io.mlpm.registry.ModelRegistry registry;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
    registry.add("mlpm.monitoring.window", () -> "50");
  }

  @Test
  void latestCheckAndDriftChartOverHttp() throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
        + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", "health-it", "Health IT",
        "classification", "y", "sponsor", "monitoring", "ACTIVE", "{}", now, now);
    long model = registry.addCandidate(new io.mlpm.registry.NewModelVersion("health-it", 1, "test", "classification",
        "y", 1L, "sha", 42L, "{}", "{}", "test", new byte[] {1}));
    registry.recordEvaluation(model, "{\"accuracy\":0.9}", "[]", true);
    registry.moveTo(model, io.mlpm.registry.Stage.STAGING, null, "test");
    registry.promoteToProduction("health-it", model, "engineer", "test");
    baselines.save(model, DriftBaselines.fromTraining(new io.mlpm.data.Dataset(List.of("x"),
        List.of(new String[] {"1"}, new String[] {"2"}, new String[] {"3"}, new String[] {"4"})), List.of("x")));
    for (int i = 0; i < 80; i++) {
      jdbc.update("INSERT INTO mlpm_prediction (project_key, model_version_id, input_json, output_json, created_at)"
          + " VALUES (?,?,?,?,?)", "health-it", model, "{\"x\":" + (i < 30 ? 1 : 9) + "}", "{\"value\":\"a\"}", now);
    }

    assertThat(get(null, "/api/projects/health-it/health").statusCode()).isEqualTo(401);
    assertThat(get("sponsor", "/api/projects/health-it/health").statusCode()).isEqualTo(404);

    HealthReport report = service.check("health-it", Instant.now());
    assertThat(report.window()).as("mlpm.monitoring.window").isEqualTo(50);
    assertThat(report.predictions()).isEqualTo(50);
    long id = checks.save("health-it", report, "DEGRADED");

    HttpResponse<byte[]> latest = get("sponsor", "/api/projects/health-it/health");
    assertThat(latest.statusCode()).isEqualTo(200);
    String json = new String(latest.body(), StandardCharsets.UTF_8);
    assertThat(json).contains("\"verdict\":\"DEGRADED\"", "\"maxPsiFeature\":\"x\"",
        "\"driftChart\":\"/api/projects/health-it/health/" + id + "/drift.png\"", "Feature 'x' drifted: PSI");

    HttpResponse<byte[]> png = get("engineer", "/api/projects/health-it/health/" + id + "/drift.png");
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(get("engineer", "/api/projects/health-it/health/" + (id + 1000) + "/drift.png").statusCode())
        .isEqualTo(404);
  }

  private HttpResponse<byte[]> get(String user, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
