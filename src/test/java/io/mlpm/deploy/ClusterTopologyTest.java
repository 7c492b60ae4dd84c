package io.mlpm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster's docker-compose.yml (PostgreSQL, scalable app nodes, HAProxy) and the proxy's
 * configuration, checked offline by the tools that run them: Debian's docker-compose and haproxy,
 * which .ci/run installs. No container is started (no Docker engine here); FailoverIT runs the same
 * topology without containers.
 */
class ClusterTopologyTest {

  private static final Map<String, String> SECRETS = Map.of("MLPM_DB_PASSWORD", "db-secret",
      "MLPM_ADMIN_PASSWORD", "admin-secret", "MLPM_AUDIT_SIGNING_KEY", "an-audit-key-of-more-than-32-characters",
      "MLPM_PROXY_COOKIE_KEY", "0123456789abcdef");

  @Test
  void theComposeFileDefinesTheClusterAndRefusesToRunWithoutItsSecrets() throws Exception {
    Run config = run(List.of("docker-compose", "-f", "docker-compose.yml", "config"), SECRETS);
    assertThat(config.exit()).as(config.output()).isZero();
    assertThat(config.output()).contains("postgres:", "app:", "proxy:", "SPRING_PROFILES_ACTIVE: postgres",
        "MLPM_AUDIT_SIGNING_KEY: an-audit-key", "haproxy.cfg", "condition: service_healthy");
    // No known password: each secret must be given.
    for (String secret : SECRETS.keySet()) {
      Map<String, String> without = new java.util.HashMap<>(SECRETS);
      without.remove(secret);
      Run refused = run(List.of("docker-compose", "-f", "docker-compose.yml", "config"), without);
      assertThat(refused.exit()).as(secret + ": " + refused.output()).isNotZero();
      assertThat(refused.output()).contains(secret);
    }
  }

  @Test
  void theProxyConfigurationIsValidAndKeepsSessionsByCookie() throws Exception {
    Run check = run(List.of("haproxy", "-c", "-f", "deploy/haproxy.cfg"), SECRETS);
    assertThat(check.exit()).as(check.output()).isZero();
    String cfg = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/haproxy.cfg"));
    assertThat(cfg).contains("cookie MLPM_NODE insert").contains("server-template app").contains("option forwardfor");
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("MLPM_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }
}
