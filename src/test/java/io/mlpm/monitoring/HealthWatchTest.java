package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One health check without the engine: measured, judged by the policy it is given, recorded. */
class HealthWatchTest {

  @Test
  void theReportIsJudgedByThePolicyAndRecordedWithItsVerdict() {
    MonitoringDb db = new MonitoringDb(100);
    db.project("p");
    long model = db.productionModel("p", "classification", "{\"accuracy\":0.9}");
    db.baselineRepository.save(model, DriftBaselines.fromTraining(new io.mlpm.data.Dataset(List.of("x"),
        List.of(new String[] {"1"}, new String[] {"2"}, new String[] {"3"})), List.of("x")));
    HealthWatch watch = new HealthWatch(db.service, db.checks, new MonitoringMetrics(new SimpleMeterRegistry()));
    List<Map<String, Object>> asked = new ArrayList<>();

    HealthWatch.Judgement judged = watch.check("p", Instant.now(), inputs -> {
      asked.add(inputs);
      return "DEGRADED";
    });

    assertThat(judged.verdict()).isEqualTo("DEGRADED");
    assertThat(asked).containsExactly(judged.report().policyInputs());
    assertThat(db.jdbc.queryForObject("SELECT verdict FROM mlpm_health_check WHERE id = ?", String.class,
        judged.checkId())).isEqualTo("DEGRADED");
  }
}
