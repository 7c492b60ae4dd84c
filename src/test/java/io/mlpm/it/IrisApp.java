package io.mlpm.it;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application on a random port (demo users), its database and datasets in a temporary directory with iris.csv. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class IrisApp {

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void appProperties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void iris() {
    TestApp.irisDataset(dir);
  }

  /** Fetches and locks, as the demo trainer, a task of the topic, polling until one is open. */
  static com.fasterxml.jackson.databind.JsonNode fetchAsTrainer(Http http, String topic) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      Http.Response r = http.post("trainer", "/engine-rest/external-task/fetchAndLock", java.util.Map.of("workerId",
          "trainer", "maxTasks", 1, "topics", java.util.List.of(java.util.Map.of("topicName", topic,
              "lockDuration", 120_000))));
      org.assertj.core.api.Assertions.assertThat(r.status()).as(r.body()).isEqualTo(200);
      if (r.json().size() > 0) {
        return r.json().get(0);
      }
      Thread.sleep(250); // the project's steps before the trainer's are asynchronous
    }
    throw new AssertionError("no " + topic + " task to fetch within 120 s");
  }
}
