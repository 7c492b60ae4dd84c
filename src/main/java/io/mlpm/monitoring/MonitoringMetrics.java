package io.mlpm.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The latest health check of each project as gauges: PSI per feature and live metrics. A cache of
 * the database for scraping; every node fills it from the checks it runs.
 */
@Component
public class MonitoringMetrics {

  private final MeterRegistry meters;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  public MonitoringMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  public void record(String projectKey, HealthReport report) {
    for (FeatureDrift drift : report.features()) {
      set("mlpm.drift.psi", projectKey, "feature", drift.feature(), drift.psi());
    }
    report.liveMetrics().forEach((metric, value) -> set("mlpm.live.metric", projectKey, "metric", metric, value));
  }

  private void set(String name, String project, String tag, String tagValue, Double value) {
    if (value == null || value.isNaN()) {
      return;
    }
    values.computeIfAbsent(name + '|' + project + '|' + tagValue, k -> {
      AtomicReference<Double> ref = new AtomicReference<>(Double.NaN);
      Gauge.builder(name, ref, r -> r.get()).tag("project", project).tag(tag, tagValue).register(meters);
      return ref;
    }).set(value);
  }
}
