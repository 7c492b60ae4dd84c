package io.mlpm.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DataPreparationService;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.monitoring.HealthChecks;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * A project's history from its first minute, built from its own records (never from the engine's
 * history, which is cleaned up): the charter, every sign-off with who (in which groups), when,
 * the decision and comment; every data check; every model trained, with its iteration and scores;
 * every stage transition; every health check; and the other recorded actions (deployment,
 * rollback, retirement, serving tokens), in the order they happened.
 */
@Service
public class ProjectHistory {

  /** One thing that happened: when, what kind, who (null for the process itself), what, and a page. */
  public record Event(Instant at, String kind, String who, String what, String detail, String link) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Recorded actions that belong to the project's story for everyone who may read it; serving
   * tokens and policy changes are operators' and auditors' business (their own routes).
   */
  static final Set<String> SHOWN_ACTIONS = Set.of("charter-submitted", "model-deployed", "model-rolled-back",
      "retire", "project-ended", "change-requested", "charter-changed", "change-rejected", "candidate-rejudged",
      "sign-off-escalated", "sign-off-due-extended", "sign-off-reassigned", "escalation-withdrawn", "escalation-moot", "change-withdrawn");
  static final int MAX_HEALTH_CHECKS = 100;
  private final ProjectRepository projects;
  private final SignOffRecords signOffs;
  private final AuditTrail audit;
  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final HealthChecks health;

  public ProjectHistory(ProjectRepository projects, SignOffRecords signOffs, AuditTrail audit,
      DataPreparationService data, ModelRegistry registry, HealthChecks health) {
    this.projects = projects;
    this.signOffs = signOffs;
    this.audit = audit;
    this.data = data;
    this.registry = registry;
    this.health = health;
  }

  public List<Event> of(String key) {
    Project project = projects.require(key);
    List<Event> events = new ArrayList<>();
    // The audit chain's record of each decision, in order per task kind: it says what was decided in
    // full ("extend by 2 iteration(s)", the columns left out), the sign-off record who and on what.
    Map<String, Deque<Map<String, Object>>> decided = new HashMap<>();
    boolean charterRecorded = false;
    List<Map<String, Object>> others = new ArrayList<>();
    for (Map<String, Object> r : audit.list(key)) {
      String action = String.valueOf(r.get("action"));
      if (SHOWN_ACTIONS.contains(action)) {
        charterRecorded |= "charter-submitted".equals(action);
        others.add(r);
      } else if (!action.contains("-")) {
        decided.computeIfAbsent(action, a -> new ArrayDeque<>()).add(r); // a task key: a decision
      }
    }
    for (SignOff s : signOffs.of(key)) {
      Deque<Map<String, Object>> records = decided.get(s.taskKey());
      Map<String, Object> record = records == null ? null : records.poll();
      String what = record == null ? s.decision() : withoutComment(String.valueOf(record.get("detail")), s.comment());
      events.add(new Event(s.decidedAt(), "sign-off", s.userId() + " (" + String.join(", ", s.userGroups()) + ")",
          label(s.taskKey()) + ": " + what, evidence(s), s.modelId() == null ? null : card(key, s.modelId())));
    }
    // Decisions recorded before sign-off records existed.
    decided.values().forEach(others::addAll);
    for (Map<String, Object> r : others) {
      String action = String.valueOf(r.get("action"));
      events.add(new Event(instant(r.get("created_at")), kind(action), (String) r.get("actor"), label(action),
          (String) r.get("detail"), null));
    }
    if (!charterRecorded) {
      events.add(new Event(project.createdAt(), "charter", project.startedBy(), "Charter submitted",
          charter(project.charterJson()), null));
    }
    for (Map<String, Object> c : data.checks(key)) {
      events.add(new Event(instant(c.get("created_at")), "data", null, "Data checked: " + c.get("verdict"),
          c.get("dataset_uri") + dataset(c) + ": " + findings((String) c.get("findings_json")),
          "/api/projects/" + key + "/data-report"));
    }
    for (ModelVersion m : registry.list(key)) {
      events.add(new Event(m.createdAt(), "model", null, "Iteration " + m.iteration() + ": " + m.algorithm() + " trained"
          + (Boolean.TRUE.equals(m.selected()) ? " and selected" : ""), scores(m), card(key, m.id())));
      for (Map<String, Object> t : registry.transitions(m.id())) {
        events.add(new Event(instant(t.get("created_at")), "stage", (String) t.get("actor"), "Model " + m.id() + ": "
            + (t.get("from_stage") == null ? "" : t.get("from_stage") + " → ") + t.get("to_stage"),
            (String) t.get("reason"), card(key, m.id())));
      }
    }
    // A production model is checked every hour: the latest checks, and how many came before.
    List<HealthChecks.HealthCheck> checks = health.all(key);
    int from = Math.max(0, checks.size() - MAX_HEALTH_CHECKS);
    if (from > 0) {
      events.add(new Event(checks.get(from - 1).createdAt(), "health", null, from + " earlier health checks",
          "not listed here; the latest " + MAX_HEALTH_CHECKS + " follow", "/api/projects/" + key + "/health"));
    }
    for (HealthChecks.HealthCheck h : checks.subList(from, checks.size())) {
      events.add(new Event(h.createdAt(), "health", null, "Health check: " + h.verdict(),
          h.modelVersionId() == null ? "" : "model " + h.modelVersionId(), "/api/projects/" + key + "/health"));
    }
    events.sort(Comparator.comparing(Event::at, Comparator.nullsFirst(Comparator.naturalOrder())));
    return events;
  }

  /** The audit detail ends with ": " and the comment, which the event shows on its own. */
  private static String withoutComment(String detail, String comment) {
    String suffix = comment == null || comment.isBlank() ? null : ": " + comment;
    return suffix != null && detail.endsWith(suffix) ? detail.substring(0, detail.length() - suffix.length()) : detail;
  }

  /** "approveDataset" → "Approve dataset"; "model-deployed" → "Model deployed". */
  static String label(String key) {
    String spaced = key.replace('-', ' ').replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return spaced.isEmpty() ? key : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }

  private static String kind(String action) {
    return action.startsWith("charter") ? "charter" : action.startsWith("model") ? "stage" : "record";
  }

  private static String evidence(SignOff s) {
    StringBuilder text = new StringBuilder(s.comment() == null || s.comment().isBlank() ? "" : "“" + s.comment() + "”");
    if (s.datasetSha256() != null) {
      text.append(text.isEmpty() ? "" : " · ").append("dataset SHA-256 ").append(s.datasetSha256(), 0,
          Math.min(12, s.datasetSha256().length())).append('…');
    }
    if (s.modelId() != null) {
      text.append(text.isEmpty() ? "" : " · ").append("model ").append(s.modelId());
    }
    text.append(text.isEmpty() ? "" : " · ").append(s.processDefinitionKey()).append(" v").append(s.processDefinitionVersion());
    return text.toString();
  }

  private static String dataset(Map<String, Object> check) {
    Object sha = check.get("dataset_sha256");
    return check.get("dataset_version_id") == null ? "" : " (version " + check.get("dataset_version_id")
        + (sha == null ? "" : ", SHA-256 " + sha.toString().substring(0, Math.min(12, sha.toString().length())) + "…")
        + ")";
  }

  private static String findings(String json) {
    try {
      JsonNode list = JSON.readTree(json);
      long fail = 0;
      long warn = 0;
      for (JsonNode f : list) {
        String severity = f.path("severity").asText();
        fail += "FAIL".equals(severity) ? 1 : 0;
        warn += "WARN".equals(severity) ? 1 : 0;
      }
      return list.size() == 0 ? "no findings" : list.size() + " findings (" + fail + " FAIL, " + warn + " WARN)";
    } catch (Exception e) {
      return "findings not readable";
    }
  }

  private static String scores(ModelVersion m) {
    List<String> parts = new ArrayList<>();
    if (m.validationMetricsJson() != null) {
      parts.add("validation " + compact(m.validationMetricsJson()));
    }
    if (m.metricsJson() != null) {
      parts.add("test " + compact(m.metricsJson()));
    }
    if (m.criteriaMet() != null && m.metricsJson() != null) {
      parts.add(m.criteriaMet() ? "criteria met" : "criteria missed");
    }
    return String.join("; ", parts);
  }

  /** {"accuracy":0.93333,...} → "accuracy 0.9333, macro_f1 0.9310". */
  private static String compact(String metricsJson) {
    try {
      List<String> parts = new ArrayList<>();
      JSON.readTree(metricsJson).fields().forEachRemaining(e -> parts.add(e.getKey() + " "
          + (e.getValue().isNumber() ? String.format(Locale.ROOT, "%.4f", e.getValue().asDouble()) : e.getValue().asText())));
      return String.join(", ", parts);
    } catch (Exception e) {
      return "(not readable)";
    }
  }

  private static String charter(String json) {
    try {
      JsonNode c = JSON.readTree(json);
      return c.path("taskType").asText() + " of " + c.path("targetColumn").asText() + " on " + c.path("datasetUri").asText()
          + "; criteria " + c.path("successCriteria");
    } catch (Exception e) {
      return "";
    }
  }

  private static String card(String key, long modelId) {
    return ModelVersion.cardPath(key, modelId);
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    return value == null ? null : Instant.parse(value.toString());
  }
}
