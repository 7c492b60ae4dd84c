package io.mlpm.process.rest;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.SignOffCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.governance.DecisionRules;
import io.mlpm.governance.SignOffRules;
import io.mlpm.security.Groups;
import io.mlpm.security.Unrestricted;
import io.mlpm.web.CachedBodyRequest;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Checks a sign-off before the engine completes the task (REST {@code complete}, {@code submit-form}
 * and {@code resolve}, and Tasklist's form): who may sign it now, that the body carries only its
 * form's fields, and the decision itself. An exception from a task listener would reach the caller
 * as HTTP 500; an incomplete decision must get a 400 that says what is missing. {@code bpmnError}
 * and {@code bpmnEscalation} never end a sign-off.
 */
public class TaskCompletionGuard extends OncePerRequestFilter {

  private static final Pattern COMPLETE = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/task/([^/]+)/"
          + "(complete|submit-form|resolve|bpmnError|bpmnEscalation)/?$");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tasks being completed on this node now, with who completes them: the second caller gets 409. */
  private final java.util.concurrent.ConcurrentMap<String, String> completing =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final DecisionRules rules;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final IdentityService identity;
  private final HttpLimits limits;
  private final SignOffCheck signOffs;
  private final FormFields formFields;

  public TaskCompletionGuard(DecisionRules rules, TaskService tasks, RuntimeService runtime, HistoryService history,
      IdentityService identity, SignOffCheck signOffs, FormFields formFields, HttpLimits limits) {
    this.limits = limits;
    this.signOffs = signOffs;
    this.formFields = formFields;
    this.rules = rules;
    this.tasks = tasks;
    this.runtime = runtime;
    this.history = history;
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RestBodies.postPath(request);
    Matcher m = path == null ? null : COMPLETE.matcher(path);
    if (m == null || !m.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = RestBodies.readBody(request, response, "completion request", limits);
    if (body == null) {
      return;
    }
    // REST callers were let in by Spring Security; Tasklist calls carry the webapp session.
    String user = RestBodies.user(request);
    String taskId = m.group(1);
    if (m.group(2).startsWith("bpmn") && Unrestricted.call(identity, () -> isSignOff(taskId))) {
      // Only administrators reach this route at all (EngineRoutes); they do not end sign-offs either.
      RestBodies.reject(response, 403, "AuthorizationException", "A sign-off ends only with its decision: '"
          + m.group(2) + "' on it is refused to everyone, administrators included.");
      return;
    }
    if (Unrestricted.call(identity, () -> tasks.createTaskQuery().taskId(taskId).count() == 0)) {
      if (Unrestricted.call(identity, () -> completedAlready(taskId))) {
        // Two people (or two nodes) completing one task: the later one learns it lost, not that it never was.
        RestBodies.reject(response, 409, "TaskConflict", "Task '" + taskId + "' was completed already, by someone"
            + " else or on another node a moment ago; nothing of this request was saved. Reload it to see the"
            + " outcome.");
        return;
      }
      RestBodies.reject(response, 404, "TaskNotFound", "There is no open task '" + taskId
          + "': it ended with its project, or it never existed.");
      return;
    }
    Optional<String> refusal = Unrestricted.call(identity, () -> refusal(taskId, user));
    Optional<String> problem = refusal.isPresent() ? Optional.empty()
        : Unrestricted.call(identity, () -> problem(taskId, body));
    if (refusal.isPresent()) {
      RestBodies.reject(response, 403, "SegregationOfDutiesException", refusal.get());
      return;
    }
    if (problem.isPresent()) {
      RestBodies.reject(response, 400, "InvalidDecisionException", problem.get());
      return;
    }
    String other = completing.putIfAbsent(taskId, String.valueOf(user));
    if (other != null) {
      RestBodies.reject(response, 409, "TaskConflict", "'" + other + "' is completing task '" + taskId
          + "' at this moment; reload it to see the outcome.");
      return;
    }
    try {
      completeOnce(new CachedBodyRequest(request, body), response, chain, taskId);
    } finally {
      completing.remove(taskId);
    }
  }

  /**
   * Lets the engine complete the task. When another node completed it in the same moment, the
   * engine answers 500 (its optimistic lock, or "Cannot find task" once the other's commit is
   * visible): that is the caller's conflict, not a fault, so 409.
   */
  private void completeOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
      String taskId) throws IOException, ServletException {
    ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
    chain.doFilter(request, buffered);
    if (buffered.getStatus() == 500 && (new String(buffered.getContentAsByteArray(), StandardCharsets.UTF_8)
        .contains("OptimisticLockingException") || Unrestricted.call(identity, () -> completedAlready(taskId)))) {
      buffered.resetBuffer();
      RestBodies.reject(response, 409, "TaskConflict", "Task '" + taskId + "' was completed by someone else at the"
          + " same moment; nothing of this request was saved.");
      return;
    }
    buffered.copyBodyToResponse();
  }

  private boolean completedAlready(String taskId) {
    return history.createHistoricTaskInstanceQuery().taskId(taskId).finished().taskDeleteReason("completed")
        .count() > 0;
  }

  private boolean isSignOff(String taskId) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    return task != null && SignOffRules.groupOf(task.getTaskDefinitionKey()).isPresent();
  }

  /** Who may sign (the task's group, now) and segregation of duties, before the decision's content. */
  private Optional<String> refusal(String taskId, String user) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      return Optional.empty();
    }
    if (user == null) {
      return Optional.of("Log in to complete a task.");
    }
    Optional<String> notInGroup = notInGroup(task, user);
    if (notInGroup.isPresent()) {
      return notInGroup;
    }
    String projectKey = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
        .singleResult().getBusinessKey();
    return signOffs.refusal(task.getTaskDefinitionKey(), user, projectKey);
  }

  /**
   * The sign-off's group, read from the identity service now (the webapps cache a user's groups
   * for minutes), whoever the assignee is; a task with candidate users (the charter's sponsor) is
   * for them alone.
   */
  private Optional<String> notInGroup(Task task, String user) {
    Optional<String> group = SignOffRules.groupOf(task.getTaskDefinitionKey());
    if (group.isPresent() && !Groups.isMember(identity, user, group.get())) {
      return Optional.of("'" + user + "' is not a member of '" + group.get() + "', who sign off '" + task.getName()
          + "'; being assigned the task or an administrator does not replace that.");
    }
    List<String> candidateUsers = tasks.getIdentityLinksForTask(task.getId()).stream()
        .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getUserId() != null)
        .map(IdentityLink::getUserId).toList();
    if (!candidateUsers.isEmpty() && !candidateUsers.contains(user)) {
      return Optional.of("'" + task.getName() + "' is for " + candidateUsers + " to sign off, not '" + user + "'.");
    }
    return Optional.empty();
  }

  private Optional<String> problem(String taskId, byte[] body) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task == null) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of("The completion request body is not valid JSON.");
    }
    Map<String, Object> submitted = RestBodies.variables(json == null ? null : json.get("variables"));
    // A completion carries only what its form asks for: no extra riskLevel, no candidateModelId.
    Set<String> allowed = formFields.of(task);
    Optional<String> extra = submitted.keySet().stream().filter(name -> !allowed.contains(name)).sorted().findFirst();
    if (extra.isPresent()) {
      return Optional.of("Cannot complete '" + task.getName() + "': '" + extra.get() + "' is not a field of its form;"
          + " it accepts only " + allowed + ".");
    }
    if (!DecisionRules.TASKS.contains(task.getTaskDefinitionKey())) {
      return Optional.empty();
    }
    Map<String, Object> known = runtime.getVariables(task.getExecutionId(), Variables.FACTS);
    return rules.problem(task.getTaskDefinitionKey(), submitted, Variables.facts(known))
        .or(() -> reassignmentRefused(task, submitted))
        .map(p -> "Cannot complete '" + task.getName() + "': " + p);
  }

  /** An escalation reassigns a sign-off only to someone its segregation of duties lets sign it. */
  private Optional<String> reassignmentRefused(Task task, Map<String, Object> submitted) {
    if (!"decideEscalation".equals(task.getTaskDefinitionKey())
        || !"reassign".equals(DecisionRules.text(submitted.get(Variables.DECISION)))) {
      return Optional.empty();
    }
    Object escalatedKey = runtime.getVariable(task.getExecutionId(), Variables.ESCALATED_TASK_KEY);
    String project = runtime.createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
        .singleResult().getBusinessKey();
    String user = DecisionRules.text(submitted.get(Variables.REASSIGN_TO)).strip();
    return signOffs.refusal(String.valueOf(escalatedKey), user, project)
        .map(r -> "the sign-off cannot go to '" + user + "': " + r);
  }
}
