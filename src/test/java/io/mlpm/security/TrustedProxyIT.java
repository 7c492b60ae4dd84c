package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Behind a reverse proxy (127.0.0.2 is configured as the trusted one): the login throttle keys on
 * the address the proxy forwarded, while a client that is not the proxy cannot choose its address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TrustedProxyIT {

  private static final String PATH = "/engine-rest/task?maxResults=1";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
    registry.add("server.tomcat.remoteip.internal-proxies", () -> "127\\.0\\.0\\.2");
  }

  private LoopbackClient.Answer through(String from, String forwardedFor, String password) throws Exception {
    return new LoopbackClient(from, port).send("GET", PATH, Map.of("Authorization",
        LoopbackClient.basic("compliance2", password), "X-Forwarded-For", forwardedFor), null);
  }

  @Test
  void theThrottleKeysOnTheAddressTheTrustedProxyForwardedAndOnlyThatProxys() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(through("127.0.0.2", "203.0.113.7", "guess").status()).isEqualTo(401);
    }
    assertThat(through("127.0.0.2", "203.0.113.7", "demo").status()).isEqualTo(429);
    // Another client behind the same proxy is not slowed.
    assertThat(through("127.0.0.2", "203.0.113.8", "demo").status()).isEqualTo(200);
    // A client that is not the proxy claiming the slowed address is taken at its own address ...
    assertThat(through("127.0.0.1", "203.0.113.7", "demo").status()).isEqualTo(200);
    // ... and cannot escape its own delay by claiming another.
    for (int i = 0; i < 3; i++) {
      assertThat(through("127.0.0.1", "198.51.100." + i, "guess").status()).isEqualTo(401);
    }
    assertThat(through("127.0.0.1", "198.51.100.99", "demo").status()).isEqualTo(429);
  }
}
