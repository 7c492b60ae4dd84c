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
}
