package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.MlpmProperties;
import io.mlpm.project.ProjectRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** Demo profile: the Iris sample dataset and a sample project waiting for the sponsor's sign-off. */
@Component
@Profile("demo")
public class DemoProject {

  static final String KEY = "demo-iris";
  private static final Logger LOG = LoggerFactory.getLogger(DemoProject.class);
  private static final List<String> SAMPLES = List.of("iris.csv");

  private final MlpmProperties properties;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final ProjectRepository projects;

  public DemoProject(MlpmProperties properties, RuntimeService runtime, IdentityService identity,
      ProjectRepository projects) {
    this.properties = properties;
    this.runtime = runtime;
    this.identity = identity;
    this.projects = projects;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(10)
  public void onReady() {
    copySamples();
    if (properties.demo().sampleProject() && !projects.exists(KEY)) {
      // The process owner sets the sample up, so the sponsor may still sign its deployment off
      // (whoever starts a project may not approve its deployment).
      identity.setAuthentication("admin", identity.createGroupQuery().groupMember("admin").list().stream()
          .map(org.camunda.bpm.engine.identity.Group::getId).toList());
      try {
        runtime.startProcessInstanceByKey(Variables.PROCESS_KEY, KEY, Map.of(
            "projectName", "Iris species classifier",
            "businessProblem", "Tell the three iris species apart from four flower measurements, so field staff"
                + " no longer need a botanist for routine identification.",
            "sponsor", "sponsor",
            "datasetUri", "iris.csv",
            "targetColumn", "species",
            "taskType", "classification",
            "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.9},"
                + "{\"metric\":\"macro_f1\",\"operator\":\">=\",\"threshold\":0.85}]",
            "maxIterations", 3));
      } finally {
        identity.clearAuthentication();
      }
      LOG.info("Demo project '{}' started; log in to Tasklist as 'sponsor' (password 'demo') to approve its charter.",
          KEY);
    }
  }

  private void copySamples() {
    Path root = properties.datasets().root();
    try {
      Files.createDirectories(root);
      for (String sample : SAMPLES) {
        Path target = root.resolve(sample);
        if (!Files.exists(target)) {
          try (InputStream in = new ClassPathResource("demo/" + sample).getInputStream()) {
            Files.copy(in, target);
          }
          LOG.info("Sample dataset written to {}", target.toAbsolutePath());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sample datasets to " + root.toAbsolutePath(), e);
    }
  }
}
