package io.mlpm;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings under {@code mlpm.*}; see application.yaml for the defaults. */
@ConfigurationProperties(prefix = "mlpm")
public record MlpmProperties(Datasets datasets, Security security, Serving serving, Demo demo,
    Monitoring monitoring) {

  public MlpmProperties {
    datasets = datasets == null ? new Datasets(Path.of("./datasets")) : datasets;
    security = security == null ? new Security("admin", null) : security;
    serving = serving == null ? new Serving(1000, 100_000) : serving;
    demo = demo == null ? new Demo(false, false) : demo;
    monitoring = monitoring == null ? new Monitoring(null, null) : monitoring;
  }

  /** Where dataset files live; every {@code datasetUri} must resolve inside this root. */
  public record Datasets(Path root) {}

  /** The administrator; its password must come from configuration outside the demo profile. */
  public record Security(String adminUser, String adminPassword) {}

  /**
   * Limits of the prediction endpoint; the prediction log keeps the newest
   * {@code maxPredictionsPerProject} predictions of each project.
   */
  public record Serving(int maxBatchRows, int maxPredictionsPerProject) {

    public Serving {
      maxBatchRows = maxBatchRows <= 0 ? 1000 : maxBatchRows;
      maxPredictionsPerProject = maxPredictionsPerProject <= 0 ? 100_000 : maxPredictionsPerProject;
    }
  }

  /**
   * How often a production model's health is checked (ISO-8601 duration for the BPMN timer), and
   * how long an accepted degradation finding stays quiet.
   */
  public record Monitoring(String interval, java.time.Duration acceptPeriod) {

    public Monitoring {
      interval = interval == null || interval.isBlank() ? "PT1H" : interval;
      java.time.Duration.parse(interval);
      acceptPeriod = acceptPeriod == null ? java.time.Duration.ofDays(7) : acceptPeriod;
    }
  }

  /** Demo users, sample dataset and sample project (demo profile only). */
  public record Demo(boolean enabled, boolean sampleProject) {}
}
