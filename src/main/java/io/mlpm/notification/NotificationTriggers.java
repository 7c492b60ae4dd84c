package io.mlpm.notification;

import io.mlpm.governance.AuditTrail;
import io.mlpm.monitoring.HealthChecks;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.Roles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what the project records into events for the sponsor and the ML engineers: a model
 * promoted, rolled back or retired (the audit records of those steps) and a health check judged
 * DEGRADED. Listens synchronously, so the event is written in the step's own transaction.
 */
@Component
public class NotificationTriggers {

  private final Outbox outbox;
  private final ProjectRepository projects;
  private final NotificationSettings settings;

  public NotificationTriggers(Outbox outbox, ProjectRepository projects, NotificationSettings settings) {
    this.outbox = outbox;
    this.projects = projects;
    this.settings = settings;
  }

  @EventListener
  public void audited(AuditTrail.Recorded r) {
    Optional<EventType> type = switch (r.action()) {
      case "model-deployed" -> Optional.of(EventType.MODEL_PROMOTED);
      case "model-rolled-back" -> Optional.of(EventType.MODEL_ROLLED_BACK);
      case "retire" -> Optional.of(EventType.MODEL_RETIRED);
      default -> Optional.empty();
    };
    if (type.isEmpty() || !settings.enabled()) {
      return;
    }
    String what = switch (type.get()) {
      case MODEL_PROMOTED -> "Model promoted to production";
      case MODEL_ROLLED_BACK -> "Model rolled back";
      default -> "Project retired from production";
    };
    String detail = type.get() == EventType.MODEL_RETIRED ? "Retired by " + r.actor() + ": " + r.detail()
        : r.detail() + (r.actor() == null ? "" : " Decided by " + r.actor() + ".");
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("actor", r.actor() == null ? "" : r.actor());
    if (r.modelVersionId() != null) {
      data.put("modelId", r.modelVersionId());
    }
    outbox.add(forSponsorAndEngineers(type.get(), r.projectKey(), what, detail, data));
  }

  @EventListener
  public void judged(HealthChecks.Judged check) {
    if (!"DEGRADED".equals(check.verdict()) || !settings.enabled()) {
      return;
    }
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("healthCheckId", check.checkId());
    if (check.modelVersion() != null) {
      data.put("modelVersion", check.modelVersion());
    }
    outbox.add(forSponsorAndEngineers(EventType.MODEL_DEGRADED, check.projectKey(), "Production model degraded",
        check.summary() + " The ML engineers review it in Tasklist.", data));
  }

  private Notification forSponsorAndEngineers(EventType type, String key, String what, String text,
      Map<String, Object> data) {
    Optional<Project> project = projects.find(key);
    String name = project.map(Project::name).orElse(key);
    return new Notification(type, key, what + ": " + name + " (" + key + ")", text,
        settings.baseUrl() + "/api/projects/" + key + "/history.html", List.of(Roles.ML_ENGINEERS),
        project.map(Project::sponsor).map(List::of).orElse(List.of()), data);
  }
}
