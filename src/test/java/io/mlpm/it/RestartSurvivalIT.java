package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.MlpmApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Projects live in the H2 file: a stopped and restarted application carries on where it was. */
class RestartSurvivalIT {

  @TempDir
  Path dir;

  private ConfigurableApplicationContext start() {
    // Command-line arguments: they win over application.yaml, as an operator's would.
    return new SpringApplicationBuilder(MlpmApplication.class).profiles("demo").run(
        "--server.port=0",
        "--mlpm.data-dir=" + dir.resolve("db"),
        "--mlpm.datasets.root=" + dir.resolve("datasets"));
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  @Test
  void theSampleProjectAndItsTaskSurviveARestart() throws Exception {
    String taskId;
    try (ConfigurableApplicationContext first = start()) {
      Http http = new Http(port(first));
      taskId = http.awaitTask("sponsor", "demo-iris", "approveCharter");
      JsonNode project = http.get("sponsor", "/api/projects/demo-iris").json();
      assertThat(project.get("phase").asText()).isEqualTo("charter-approval");
    }
    assertThat(Files.list(dir.resolve("db")).map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".mv.db"));
    try (ConfigurableApplicationContext second = start()) {
      Http http = new Http(port(second));
      assertThat(http.awaitTask("sponsor", "demo-iris", "approveCharter")).isEqualTo(taskId);
      assertThat(http.get("admin", "/engine-rest/process-instance/count?businessKey=demo-iris").json()
          .get("count").asInt()).isEqualTo(1);
      assertThat(http.post("sponsor", "/engine-rest/task/" + taskId + "/complete",
          java.util.Map.of("variables", Http.variables("approved", true))).status()).isEqualTo(204);
      http.awaitTask("steward", "demo-iris", "approveDataset");
    }
    // The same database without the demo profile: the known demo passwords are gone.
    try (ConfigurableApplicationContext production = new SpringApplicationBuilder(MlpmApplication.class).run(
        "--server.port=0", "--mlpm.data-dir=" + dir.resolve("db"), "--mlpm.datasets.root=" + dir.resolve("datasets"),
        "--mlpm.security.admin-password=an-operator-secret")) {
      Http http = new Http(port(production));
      assertThat(http.send("admin", "an-operator-secret", java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          "http://localhost:" + port(production) + "/api/projects/demo-iris")).GET()).status()).isEqualTo(200);
      assertThat(http.get("sponsor", "/api/projects/demo-iris").status()).isEqualTo(401);
      // (wrong passwords slow later attempts from this address, so the wrong one comes last)
      assertThat(http.get("admin", "/api/projects/demo-iris").status()).isEqualTo(401);
    }
  }
}
