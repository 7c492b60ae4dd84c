package io.mlpm.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.governance.DecisionRules;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.Task;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a sign-off's decision before the engine completes the task (REST {@code complete} and
 * {@code submit-form}, and Tasklist's form): an exception from a task listener would reach the
 * caller as HTTP 500; an incomplete decision must get a 400 that says what is missing.
 */
public class TaskCompletionGuard extends OncePerRequestFilter {

  private static final Pattern COMPLETE = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/task/([^/]+)/(?:complete|submit-form)$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final DecisionRules rules;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final IdentityService identity;

  public TaskCompletionGuard(DecisionRules rules, TaskService tasks, RuntimeService runtime,
      IdentityService identity) {
    this.rules = rules;
    this.tasks = tasks;
    this.runtime = runtime;
    this.identity = identity;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher m = COMPLETE.matcher(path);
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !m.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      RestBodies.reject(response, 413, "InvalidRequestException", "The completion request is larger than 1 MB.");
      return;
    }
    Optional<String> problem;
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      problem = problem(m.group(1), body);
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
    if (problem.isPresent()) {
      RestBodies.reject(response, 400, "InvalidDecisionException", problem.get());
      return;
    }
    chain.doFilter(new RestBodies.CachedBodyRequest(request, body), response);
  }

  private Optional<String> problem(String taskId, byte[] body) {
    Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
    if (task == null || !DecisionRules.TASKS.contains(task.getTaskDefinitionKey())) {
      return Optional.empty();
    }
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of("The completion request body is not valid JSON.");
    }
    Map<String, Object> submitted = RestBodies.variables(json == null ? null : json.get("variables"));
    boolean readable = runtime.getVariable(task.getExecutionId(), Variables.DATASET_VERSION_ID) != null;
    return rules.problem(task.getTaskDefinitionKey(), submitted, readable)
        .map(p -> "Cannot complete '" + task.getName() + "': " + p);
  }
}
