package io.mlpm.process.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mlpm.governance.DecisionRules;
import org.camunda.bpm.engine.TaskService;
import org.springframework.stereotype.Component;

/** Open user tasks per kind ({@code approveCharter}, ...), counted in the database at each scrape. */
@Component
class OpenTaskMetrics implements MeterBinder {

  private final TaskService tasks;

  OpenTaskMetrics(TaskService tasks) {
    this.tasks = tasks;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String kind : DecisionRules.TASKS) {
      Gauge.builder("mlpm.open.tasks", tasks, t -> t.createTaskQuery().taskDefinitionKey(kind).count())
          .description("Open user tasks of this kind").tag("task", kind).register(registry);
    }
  }
}
