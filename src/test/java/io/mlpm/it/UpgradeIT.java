package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.security.Unrestricted;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Running projects survive an upgrade: a project started on the previous release's diagrams and
 * forms (session 3, kept under src/test/resources/upgrade) goes on to production after the
 * current ones are deployed. Its lifecycle instance stays on the old definition; the
 * sub-processes it calls from then on are the new ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class UpgradeIT {

  private static final String KEY = "upgraded";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  RepositoryService repository;

  @Autowired
  RuntimeService runtime;

  @Autowired
  IdentityService identity;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() {
    TestApp.irisDataset(dir);
  }

  /** A deployment of every .bpmn and .form file in the folders, as the application makes one. */
  private Deployment deploy(String name, Path... folders) {
    return Unrestricted.call(identity, () -> {
      DeploymentBuilder builder = repository.createDeployment().name(name);
      for (Path folder : folders) {
        try (Stream<Path> files = Files.list(folder)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".bpmn") || p.toString().endsWith(".form")).toList()) {
            try (InputStream in = Files.newInputStream(f)) {
              builder.addInputStream(f.getFileName().toString(), new java.io.ByteArrayInputStream(in.readAllBytes()));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return builder.deploy();
    });
  }

  private String definitionOf(String processKey, String businessKey) {
    List<ProcessInstance> found = Unrestricted.call(identity, () -> runtime.createProcessInstanceQuery()
        .processDefinitionKey(processKey).processInstanceBusinessKey(businessKey).list());
    assertThat(found).as(processKey + " of " + businessKey).hasSize(1);
    return found.get(0).getProcessDefinitionId();
  }

  private String deploymentOf(String definitionId) {
    return Unrestricted.call(identity, () -> repository.getProcessDefinition(definitionId).getDeploymentId());
  }

  private void complete(Http http, String user, String task, Object... variables) {
    String id = http.awaitTask(user, KEY, task);
    Http.Response r = http.post(user, "/engine-rest/task/" + id + "/complete",
        Map.of("variables", Http.variables(variables)));
    assertThat(r.status()).as(task + ": " + r.body()).isEqualTo(204);
  }

  @Test
  void aProjectStartedOnThePreviousReleaseReachesProductionAfterTheUpgrade() {
    Deployment previous = deploy("mlpm session 3", Path.of("src/test/resources/upgrade/session-3"));
    Http http = new Http(port);
    Http.Response started = http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(KEY));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    String lifecycle = definitionOf("ml-project-lifecycle", KEY);
    assertThat(deploymentOf(lifecycle)).isEqualTo(previous.getId());
    http.awaitTask("sponsor", KEY, "approveCharter");

    // The upgrade: the current diagrams and forms become the latest versions.
    Deployment current = deploy("mlpm now", Path.of("bpmn"), Path.of("forms"));

    complete(http, "sponsor", "approveCharter", "approved", true);
    http.awaitTask("steward", KEY, "approveDataset");
    assertThat(deploymentOf(definitionOf("data-preparation", KEY))).isEqualTo(current.getId());
    complete(http, "steward", "approveDataset", "approved", true);
    complete(http, "sponsor", "approveDeployment", "approved", true);
    http.await("engineer", "/api/projects/" + KEY, p -> p.get("phase").asText().equals("production"),
        KEY + " in production");
    assertThat(definitionOf("ml-project-lifecycle", KEY)).isEqualTo(lifecycle);
    assertThat(http.json("compliance", "/api/projects/" + KEY + "/audit").path("verified").asBoolean()).isTrue();
  }
}
