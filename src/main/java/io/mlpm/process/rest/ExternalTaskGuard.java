package io.mlpm.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.process.Variables;
import io.mlpm.security.Groups;
import io.mlpm.security.Roles;
import io.mlpm.security.Unrestricted;
import io.mlpm.training.ExternalCandidates;
import io.mlpm.web.CachedBodyRequest;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks what a trainer's worker sends to the external-task API before the engine acts on it (the
 * route list lets trainers call nothing else, and the engine lets them see only external-training's
 * tasks): it fetches with its user name as worker id, never the application's own {@code mlpm.}
 * topics; it works only tasks it holds; and it completes a task with the id of an upload accepted
 * for that task from it, and nothing else. An administrator is not checked here.
 */
public class ExternalTaskGuard extends OncePerRequestFilter {

  private static final Pattern ROUTE = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/external-task/"
          + "(fetchAndLock|([^/]+)/(complete|failure|extendLock|unlock|bpmnError))/?$");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The longest lock a trainer takes or extends at once: a dead worker's task waits no longer. */
  static final long MAX_LOCK_MILLIS = 3_600_000;
  /** The most tasks a trainer fetches at once (it holds each one's lock, so others wait for them). */
  static final int MAX_TASKS = 10;
  /** The group that keeps a topic to its team: {@code trainers-<topic>}. */
  public static final String TEAM_PREFIX = "trainers-";
  /** What each call may carry: a failure or an extension can write no variable. */
  private static final java.util.Map<String, java.util.Set<String>> FIELDS = java.util.Map.of(
      "complete", java.util.Set.of("workerId", "variables", "localVariables"),
      "failure", java.util.Set.of("workerId", "errorMessage", "errorDetails", "retries", "retryTimeout"),
      "extendLock", java.util.Set.of("workerId", "newDuration"),
      "unlock", java.util.Set.of());

  private final ExternalTaskService externalTasks;
  private final IdentityService identity;
  private final ExternalCandidates candidates;
  private final HttpLimits limits;

  public ExternalTaskGuard(ExternalTaskService externalTasks, IdentityService identity, ExternalCandidates candidates,
      HttpLimits limits) {
    this.externalTasks = externalTasks;
    this.identity = identity;
    this.candidates = candidates;
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RestBodies.postPath(request);
    Matcher m = path == null ? null : ROUTE.matcher(path);
    String user = RestBodies.user(request);
    if (m == null || !m.matches() || user == null || Groups.isMember(identity, user, Roles.ADMINS)) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = RestBodies.readBody(request, response, "external task request", limits);
    if (body == null) {
      return;
    }
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      RestBodies.reject(response, 400, "InvalidRequestException", "The body is not valid JSON.");
      return;
    }
    if (json == null || !json.isObject()) {
      RestBodies.reject(response, 400, "InvalidRequestException", "The body is a JSON object.");
      return;
    }
    Optional<String> problem = m.group(2) == null ? fetch(json, user).or(() -> team(json, user))
        : work(m.group(2), m.group(3), json, user);
    if (problem.isPresent()) {
      RestBodies.reject(response, 403, "AuthorizationException", problem.get());
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private static Optional<String> fetch(JsonNode json, String user) {
    if (!user.equals(json.path("workerId").asText(null))) {
      return Optional.of("A trainer fetches and locks with its user name as worker id ('" + user + "'): the links"
          + " and the upload of a task are valid for the worker holding its lock.");
    }
    if (json.path("maxTasks").asInt(1) > MAX_TASKS) {
      return Optional.of("A trainer fetches at most " + MAX_TASKS + " tasks at once.");
    }
    for (JsonNode topic : json.path("topics")) {
      if (topic.path("topicName").asText("").startsWith("mlpm.")) {
        return Optional.of("The 'mlpm.' topics are the application's own steps; a trainer fetches its own topic.");
      }
      if (topic.path("lockDuration").asLong(0) > MAX_LOCK_MILLIS) {
        return Optional.of("A trainer locks a task for at most " + MAX_LOCK_MILLIS + " ms at once and extends the"
            + " lock while it works.");
      }
    }
    return Optional.empty();
  }

  /**
   * A topic can be kept to one team: where a group {@code trainers-<topic>} exists, only its members
   * fetch that topic's tasks (and so see its project's rows); without one, every trainer may.
   */
  private Optional<String> team(JsonNode json, String user) {
    for (JsonNode topic : json.path("topics")) {
      String team = TEAM_PREFIX + topic.path("topicName").asText("");
      boolean kept = Unrestricted.call(identity, () -> identity.createGroupQuery().groupId(team).count() > 0);
      if (kept && !Groups.isMember(identity, user, team)) {
        return Optional.of("Topic '" + topic.path("topicName").asText() + "' is kept to the group '" + team
            + "', which '" + user + "' is not in.");
      }
    }
    return Optional.empty();
  }

  private Optional<String> work(String taskId, String action, JsonNode json, String user) {
    if ("bpmnError".equals(action)) {
      return Optional.of("A trainer reports a problem with 'failure' (its retries and message); a BPMN error is not"
          + " a trainer's to throw.");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.get(action).contains(field)) {
        return Optional.of("'" + field + "' is not a trainer's to send with " + action + "; it takes "
            + FIELDS.get(action) + ".");
      }
    }
    if ("extendLock".equals(action) && json.path("newDuration").asLong(0) > MAX_LOCK_MILLIS) {
      return Optional.of("A trainer extends its lock by at most " + MAX_LOCK_MILLIS + " ms at once.");
    }
    ExternalTask task = Unrestricted.call(identity,
        () -> externalTasks.createExternalTaskQuery().externalTaskId(taskId).singleResult());
    boolean serving = task != null
        && io.mlpm.process.engine.EngineServingTasks.EXTERNAL_SERVING.equals(task.getProcessDefinitionKey());
    if (task == null || !user.equals(task.getWorkerId()) || !serving
        && !io.mlpm.process.engine.EngineTrainerTasks.EXTERNAL_TRAINING.equals(task.getProcessDefinitionKey())) {
      return Optional.of("Task '" + taskId + "' is not a trainer's task locked by worker '" + user + "'.");
    }
    if (!"unlock".equals(action) && !user.equals(json.path("workerId").asText(null))) {
      return Optional.of("The worker id is the trainer's user name ('" + user + "').");
    }
    if (!"complete".equals(action)) {
      return Optional.empty();
    }
    if (serving) {
      // The report is the record the lifecycle goes on with: it completes the task, in one transaction.
      return Optional.of("A serving task is completed by its report: POST /api/trainer/serving/" + taskId
          + "/served with where the model serves.");
    }
    if (json.has("localVariables") && !json.path("localVariables").isEmpty()) {
      return Optional.of("A trainer completes its task with 'uploadId' alone.");
    }
    JsonNode variables = json.path("variables");
    List<String> names = new java.util.ArrayList<>();
    for (Iterator<String> it = variables.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    JsonNode value = variables.path(Variables.UPLOAD_ID).path("value");
    String upload = value.isTextual() ? value.asText() : null;
    if (!names.equals(List.of(Variables.UPLOAD_ID)) || upload == null
        || !candidates.acceptedFor(upload, taskId, user)) {
      return Optional.of("A trainer completes its task with 'uploadId' alone, the id its upload to "
          + "/api/trainer/tasks/" + taskId + "/result was accepted with (it sent " + names + ").");
    }
    return Optional.empty();
  }
}
