package io.mlpm.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditTrail;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.ServingRecords;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Models trained outside serve outside: the lifecycle asks a serving worker (a user of
 * {@code trainers}) to deploy, roll back or withdraw one, and goes on once the worker reports where
 * it serves. The report is the project's record (with the audit trail's); the promotion itself is
 * still {@link Deployments}', in the approver's name.
 */
@Service
public class ExternalServing {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalServing.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int MAX_ENDPOINT = 2000;

  /** What a serving worker reports: where the model it was given serves (null when it only withdrew one). */
  public record Report(String endpoint) {}

  private final ModelRegistry registry;
  private final ServingRecords records;
  private final ServingTasks tasks;
  private final AuditTrail audit;

  public ExternalServing(ModelRegistry registry, ServingRecords records, ServingTasks tasks, AuditTrail audit) {
    this.registry = registry;
    this.records = records;
    this.tasks = tasks;
    this.audit = audit;
  }

  /** Whether the approved candidate is deployed by a serving worker first. */
  public boolean deploysOutside(long candidateId) {
    return registry.get(candidateId).external();
  }

  /** Whether a rollback needs a serving worker: the model serving now, or the one restored, was trained outside. */
  public boolean rollsBackOutside(String projectKey) {
    return registry.production(projectKey).map(ModelVersion::external).orElse(false)
        || registry.rollbackTarget(projectKey).map(ModelVersion::external).orElse(false);
  }

  /** Whether retiring the project needs a serving worker to withdraw its model. */
  public boolean retiresOutside(String projectKey) {
    return registry.production(projectKey).map(ModelVersion::external).orElse(false);
  }

  /** The task, if the worker holds its lock; its links are valid for the lock alone. */
  public Optional<ServingTasks.ServingTask> lockedBy(String taskId, String worker) {
    return tasks.lockedBy(taskId, worker);
  }

  /** What the worker is asked to do: the model to serve (its artifact link if trained outside), the one to withdraw. */
  public Map<String, Object> facts(ServingTasks.ServingTask task, String links) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("taskId", task.taskId());
    body.put("action", task.action().topic());
    body.put("project", task.projectKey());
    ModelVersion serve = toServe(task);
    ModelVersion withdraw = toWithdraw(task);
    body.put("serve", serve == null ? null : model(serve, links + "/artifact"));
    body.put("withdraw", withdraw == null ? null : model(withdraw, null));
    body.put("report", links + "/served");
    body.put("instructions", instructions(task, serve, withdraw));
    return body;
  }

  /** The artifact of the model to serve, as the trainer uploaded it (opaque here, never loaded). */
  public Artifact artifact(ServingTasks.ServingTask task) {
    ModelVersion serve = toServe(task);
    if (serve == null || !serve.external()) {
      throw new ConflictException("Task '" + task.taskId() + "' (" + task.action().topic() + ") serves no model trained"
          + " outside, so it has no artifact to download.");
    }
    return new Artifact(serve.artifactFormat(), registry.artifact(serve.id()));
  }

  /** An artifact's declared format and bytes. */
  public record Artifact(String format, byte[] bytes) {}

  /**
   * Records the worker's report and completes its task, in one transaction: the lifecycle goes on
   * (and promotes, rolls back or retires) only with a report on record.
   *
   * @throws BadRequestException naming what is wrong with the report
   */
  @Transactional
  public Report served(ServingTasks.ServingTask task, String worker, Report report) {
    ModelVersion serve = toServe(task);
    ModelVersion withdraw = toWithdraw(task);
    boolean servesOutside = serve != null && serve.external();
    String endpoint = report == null ? null : report.endpoint();
    if (servesOutside) {
      endpoint = checkedEndpoint(endpoint);
    } else if (endpoint != null && !endpoint.isBlank()) {
      throw new BadRequestException("Task '" + task.taskId() + "' asks to withdraw model " + describe(withdraw)
          + (serve == null ? "" : "; this application serves model " + describe(serve) + " itself")
          + ", so the report names no endpoint: send {}.");
    } else {
      endpoint = null;
    }
    ModelVersion affected = servesOutside ? serve : withdraw;
    try {
      records.record(task.projectKey(), affected.id(), task.action().topic(), endpoint, worker, task.taskId());
    } catch (DuplicateKeyException e) {
      throw new ConflictException("Task '" + task.taskId() + "' was already reported.");
    }
    if (servesOutside) {
      audit.record(task.projectKey(), worker, "model-served-outside", "Model " + describe(serve) + " serves at "
          + endpoint + " (" + task.action().topic() + ").", new AuditContext(serve.datasetSha256(), serve.id(), null,
          null));
    }
    if (withdraw != null) {
      audit.record(task.projectKey(), worker, "model-withdrawn-outside", "Model " + describe(withdraw)
          + " no longer serves" + records.history(task.projectKey()).stream()
              .filter(r -> r.modelVersionId() == withdraw.id() && r.endpoint() != null).findFirst()
              .map(r -> " at " + r.endpoint()).orElse("") + " (" + task.action().topic() + ").",
          new AuditContext(withdraw.datasetSha256(), withdraw.id(), null, null));
    }
    tasks.complete(task.taskId(), worker);
    LOG.info("Project '{}': {} reported by '{}' for task {}{}", task.projectKey(), task.action().topic(), worker,
        task.taskId(), endpoint == null ? "" : ", serving at " + endpoint);
    return new Report(endpoint);
  }

  private ModelVersion toServe(ServingTasks.ServingTask task) {
    return switch (task.action()) {
      case DEPLOY -> {
        ModelVersion candidate = registry.get(task.candidateId());
        if (!candidate.projectKey().equals(task.projectKey())) {
          throw new IllegalStateException("Candidate " + candidate.id() + " is not project '" + task.projectKey() + "''s.");
        }
        yield candidate;
      }
      case ROLLBACK -> registry.rollbackTarget(task.projectKey()).orElse(null);
      case RETIRE -> null;
    };
  }

  /** The model served outside that the task takes out of service (null: none). */
  private ModelVersion toWithdraw(ServingTasks.ServingTask task) {
    return switch (task.action()) {
      case DEPLOY -> null;
      case ROLLBACK, RETIRE -> registry.production(task.projectKey()).filter(ModelVersion::external).orElse(null);
    };
  }

  private static String instructions(ServingTasks.ServingTask task, ModelVersion serve, ModelVersion withdraw) {
    String report = serve != null && serve.external()
        ? "Serve the artifact, then POST {\"endpoint\": \"https://...\"} to the report link."
        : "Stop serving it, then POST {} to the report link.";
    return switch (task.action()) {
      case DEPLOY -> "Deploy the approved model " + describe(serve) + "; it becomes the production model once you"
          + " report where it serves. " + report;
      case ROLLBACK -> "Roll back: " + (serve == null ? "" : "model " + describe(serve) + " serves again"
          + (serve.external() ? "" : " (this application serves it itself)"))
          + (withdraw == null ? "" : (serve == null ? "" : "; ") + "model " + describe(withdraw) + " is withdrawn")
          + ". " + report;
      case RETIRE -> "The project is retired: withdraw model " + describe(withdraw) + ". " + report;
    };
  }

  private static Map<String, Object> model(ModelVersion m, String artifactLink) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("modelVersionId", m.id());
    v.put("version", m.version());
    v.put("algorithm", m.algorithm());
    v.put("taskType", m.taskType());
    v.put("targetColumn", m.targetColumn());
    v.put("trainedOutside", m.external());
    v.put("code", m.codeVersion());
    if (m.external()) {
      v.put("artifactFormat", m.artifactFormat());
      v.put("artifact", artifactLink);
    } else {
      v.put("servedAt", "/api/projects/" + m.projectKey() + "/predictions");
    }
    try {
      v.put("featureSchema", m.featureSchemaJson() == null ? null : JSON.readTree(m.featureSchemaJson()));
    } catch (java.io.IOException e) {
      v.put("featureSchema", null);
    }
    return v;
  }

  private static String describe(ModelVersion m) {
    return m == null ? "(none)" : (m.version() == null ? "candidate " + m.id() : "version " + m.version())
        + " (" + m.algorithm() + ")";
  }

  /** An absolute http(s) URL without credentials: it is shown to every reader of the project and kept in the audit trail. */
  static String checkedEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new BadRequestException("'endpoint' is missing: report the http(s) URL where the model now serves.");
    }
    String e = endpoint.strip();
    if (e.length() > MAX_ENDPOINT) {
      throw new BadRequestException("'endpoint' has " + e.length() + " characters; at most " + MAX_ENDPOINT + ".");
    }
    URI uri;
    try {
      uri = new URI(e);
    } catch (URISyntaxException ex) {
      throw new BadRequestException("'endpoint' is not a URL: " + ex.getMessage());
    }
    if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new BadRequestException("'endpoint' is an absolute http or https URL with a host, e.g."
          + " https://models.example/churn/v3/predict; got '" + e + "'.");
    }
    if (uri.getRawUserInfo() != null) {
      throw new BadRequestException("'endpoint' carries credentials; every reader of the project sees it, so name"
          + " the URL alone.");
    }
    return e;
  }
}
