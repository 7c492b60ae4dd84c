package io.mlpm.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.governance.SignOffRules;
import io.mlpm.monitoring.HealthChecks;
import io.mlpm.project.OpenTasks;
import io.mlpm.project.OpenTasks.OpenTask;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectAccess;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Every project the caller may read, at a glance: its phase, what it waits for (on whom, since
 * when), its latest model against the criteria, the production version and its health, sorted by
 * what needs attention first. Built from the project's own tables and the open tasks.
 */
@Service
public class Portfolio {

  /** What needs a person first: a degraded model, an overdue sign-off, any sign-off, then the rest. */
  public enum Attention {
    DEGRADED("model degraded"), OVERDUE("sign-off overdue"), WAITING("waiting for a sign-off"),
    WORKING("steps running"), IN_PRODUCTION("in production"), ENDED("ended");

    private final String label;

    Attention(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One open task of a project: the role it waits for (the sign-off's group, or its candidate
   * group), its candidates, since when; a Tasklist link for its candidates.
   */
  public record Waiting(String taskId, String task, String taskKey, String role, List<String> candidates,
      String assignee, Instant since, String waited, Instant due, boolean overdue, String tasklist) {}

  /** The latest evaluated model and its verdict per criterion ("accuracy is 0.93, needs >= 0.9: met."). */
  public record Latest(long modelId, int iteration, String algorithm, Boolean criteriaMet, List<String> criteria,
      String modelCard) {}

  /** The model in production and its latest health check, if any. */
  public record Production(int version, long modelId, String health, Instant checkedAt) {}

  public record Row(String key, String name, String phase, ProjectStatus status, String sponsor, Attention attention,
      List<Waiting> waitingFor, Latest latest, Production production, Instant createdAt, Instant updatedAt,
      Map<String, String> links) {}

  public record Page(int total, int page, int size, List<Row> projects) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProjectRepository projects;
  private final ProjectAccess access;
  private final OpenTasks openTasks;
  private final ModelRegistry registry;
  private final HealthChecks health;

  public Portfolio(ProjectRepository projects, ProjectAccess access, OpenTasks openTasks, ModelRegistry registry,
      HealthChecks health) {
    this.projects = projects;
    this.access = access;
    this.openTasks = openTasks;
    this.registry = registry;
    this.health = health;
  }

  /** The caller's page of the portfolio: filtered, sorted by attention, then paged. */
  public Page list(PortfolioQuery query, String user, List<String> groups, Instant now) {
    List<Row> rows = new ArrayList<>();
    for (Project p : projects.all()) {
      if (!access.mayRead(p, user, groups) || !query.admits(p)) {
        continue;
      }
      Row row = row(p, user, groups, now);
      if (query.admits(row)) {
        rows.add(row);
      }
    }
    rows.sort(Comparator.comparing(Row::attention).thenComparing(Portfolio::waitingSince)
        .thenComparing(Row::updatedAt, Comparator.reverseOrder()));
    int from = Math.min(rows.size(), query.page() * query.size());
    int to = Math.min(rows.size(), from + query.size());
    return new Page(rows.size(), query.page(), query.size(), List.copyOf(rows.subList(from, to)));
  }

  /** The longest-waiting sign-off first; projects waiting for nobody after those that wait. */
  private static Instant waitingSince(Row row) {
    return row.waitingFor().stream().map(Waiting::since).filter(java.util.Objects::nonNull).min(Comparator.naturalOrder())
        .orElse(Instant.MAX);
  }

  private Row row(Project p, String user, List<String> groups, Instant now) {
    List<Waiting> waiting = new ArrayList<>();
    boolean active = p.status() == ProjectStatus.ACTIVE;
    for (OpenTask t : active ? openTasks.of(p.key()) : List.<OpenTask>of()) {
      waiting.add(new Waiting(t.id(), t.name(), t.taskKey(), role(t), t.candidates(), t.assignee(), t.since(),
          t.since() == null ? null : waited(java.time.Duration.between(t.since(), now)), t.due(),
          t.overdue(now), t.isFor(user, groups) ? "/camunda/app/tasklist/default/#/?task=" + t.id() : null));
    }
    List<ModelVersion> models = registry.list(p.key());
    Latest latest = models.stream().filter(m -> m.metricsJson() != null).max(Comparator.comparingLong(ModelVersion::id))
        .map(m -> new Latest(m.id(), m.iteration(), m.algorithm(), m.criteriaMet(), criteria(m.criteriaJson()),
            card(m))).orElse(null);
    Production production = registry.production(p.key()).map(m -> {
      Optional<HealthChecks.HealthCheck> check = health.latest(p.key());
      return new Production(m.version(), m.id(), check.map(HealthChecks.HealthCheck::verdict).orElse(null),
          check.map(HealthChecks.HealthCheck::createdAt).orElse(null));
    }).orElse(null);
    Map<String, String> links = new LinkedHashMap<>();
    links.put("project", "/api/projects/" + p.key());
    links.put("history", "/api/projects/" + p.key() + "/history.html");
    if (latest != null) {
      links.put("modelCard", latest.modelCard());
    }
    return new Row(p.key(), p.name(), p.phase(), p.status(), p.sponsor(), attention(active, waiting, production),
        waiting, latest, production, p.createdAt(), p.updatedAt(), links);
  }

  private static Attention attention(boolean active, List<Waiting> waiting, Production production) {
    if (!active) {
      return Attention.ENDED;
    }
    if (production != null && "DEGRADED".equals(production.health())) {
      return Attention.DEGRADED;
    }
    if (waiting.stream().anyMatch(Waiting::overdue)) {
      return Attention.OVERDUE;
    }
    if (!waiting.isEmpty()) {
      return Attention.WAITING;
    }
    return production != null ? Attention.IN_PRODUCTION : Attention.WORKING;
  }

  /** The charter's approval is for its sponsor by name, and a sponsor's sign-off all the same. */
  private static String role(OpenTask t) {
    return SignOffRules.groupOf(t.taskKey()).orElseGet(() -> t.candidates().stream().filter(c -> c.startsWith("group:"))
        .map(c -> c.substring("group:".length())).findFirst().orElse(null));
  }

  /** "3 d 4 h", "2 h 10 min", "5 min": how long a sign-off has waited. */
  static String waited(java.time.Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 1) {
      return "under a minute";
    }
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 24 * 60) {
      return minutes / 60 + " h " + minutes % 60 + " min";
    }
    return minutes / (24 * 60) + " d " + minutes % (24 * 60) / 60 + " h";
  }

  private static String card(ModelVersion m) {
    return ModelVersion.cardPath(m.projectKey(), m.id());
  }

  /** Each criterion's sentence as the evaluation wrote it. */
  private static List<String> criteria(String json) {
    List<String> sentences = new ArrayList<>();
    try {
      JsonNode results = json == null ? null : JSON.readTree(json);
      if (results != null) {
        results.forEach(r -> sentences.add(r.path("message").asText()));
      }
    } catch (Exception e) {
      sentences.add("(criteria not readable)");
    }
    return sentences;
  }
}
