package io.mlpm.process.rest;

import io.mlpm.process.Variables;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlpm.charter.CharterValidator;
import io.mlpm.charter.InvalidCharterException;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.Unrestricted;
import io.mlpm.web.CachedBodyRequest;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Validates a project's charter on every way a project can start over HTTP (by key, by id,
 * {@code submit-form}, and Tasklist's start form), before the engine sees it: an exception inside
 * the engine would reach the caller as HTTP 500, a bad charter must get a 4xx that names the
 * variable. The engine-side {@link io.mlpm.process.delegate.ValidateCharterDelegate} stays as the last line of defence.
 */
public class ProjectStartGuard extends OncePerRequestFilter {

  static final Pattern START = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/process-definition/"
          + "(?:key/([^/]+)(?:/tenant-id/[^/]+)?|([^/]+))/(?:start|submit-form)/?$");
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Start options that would begin a project past its charter or without its listeners. */
  private static final java.util.List<String> SKIPS = java.util.List.of("startInstructions", "skipCustomListeners",
      "skipIoMappings");

  private final CharterValidator validator;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final HttpLimits limits;
  private final ProjectRepository projects;

  public ProjectStartGuard(CharterValidator validator, RepositoryService repository, RuntimeService runtime,
      IdentityService identity, ProjectRepository projects, HttpLimits limits) {
    this.limits = limits;
    this.validator = validator;
    this.repository = repository;
    this.runtime = runtime;
    this.identity = identity;
    this.projects = projects;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RestBodies.postPath(request);
    Matcher m = path == null ? null : START.matcher(path);
    if (m == null || !m.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = RestBodies.readBody(request, response, "start request", limits);
    if (body == null) {
      return;
    }
    String user = RestBodies.user(request);
    // Lookups must not depend on what the caller may read; the engine checks CREATE itself.
    Check check = Unrestricted.call(identity, () -> mayStart(m.group(1), m.group(2), user)
        ? check(m.group(1), m.group(2), body)
        : Check.reject(403, "Only sponsors start projects; '" + user + "' is not in the group 'sponsors'."));
    if (check.status() != 0) {
      RestBodies.reject(response, check.status(), check.status() == 409 ? "ProjectKeyConflict"
          : check.status() == 403 ? "AuthorizationException" : check.status() == 404 ? "NotFound"
          : "InvalidCharterException", check.message());
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, check.body()), response);
  }

  /** Status 0 lets the (possibly completed) body through; otherwise the answer and why. */
  private record Check(int status, String message, byte[] body) {

    static Check pass(byte[] body) {
      return new Check(0, null, body);
    }

    static Check reject(int status, String message) {
      return new Check(status, message, null);
    }
  }

  private Check check(String key, String id, byte[] body) {
    if (id != null && repository.createProcessDefinitionQuery().processDefinitionId(id).count() == 0) {
      // Fail closed: what this guard cannot resolve is not passed on to be started some other way.
      return Check.reject(404, "There is no process definition '" + id + "'.");
    }
    if (!isLifecycle(key, id)) {
      return Check.pass(body);
    }
    if (id != null && !id.equals(repository.createProcessDefinitionQuery().processDefinitionKey(Variables.PROCESS_KEY)
        .latestVersion().singleResult().getId())) {
      return Check.reject(400, "Projects start on the newest lifecycle version: start it by key, not by the id '" + id
          + "' of an older version.");
    }
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      return Check.reject(400, "The start request body is not valid JSON.");
    }
    if (json == null || !json.isObject()) {
      return Check.reject(400, "The start request body must be a JSON object with 'businessKey' and 'variables'.");
    }
    for (String skip : SKIPS) {
      if (json.has(skip)) {
        return Check.reject(400, "'" + skip + "' is not allowed: a project starts at its start event, with its"
            + " charter validated and every listener and mapping run.");
      }
    }
    Map<String, Object> variables = RestBodies.variables(json.get("variables"));
    String businessKey = json.path("businessKey").asText("").trim();
    byte[] passed = body;
    if (businessKey.isEmpty() && variables.get(Variables.PROJECT_KEY) instanceof String projectKey) {
      // Tasklist's start form has a project key field; it becomes the business key.
      businessKey = projectKey.trim();
      ((ObjectNode) json).put("businessKey", businessKey);
      passed = json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (businessKey.isEmpty()) {
      return Check.reject(400, "'businessKey' is required: it is the project key that every task and API call uses.");
    }
    if (!PROJECT_KEY.matcher(businessKey).matches()) {
      return Check.reject(400, "'businessKey' '" + businessKey + "' must be 1-100 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit.");
    }
    if (businessKey.startsWith(io.mlpm.governance.PolicyChange.PREFIX)) {
      return Check.reject(400, "'businessKey' must not start with '" + io.mlpm.governance.PolicyChange.PREFIX
          + "': those keys name policy change reviews.");
    }
    if (runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
        .processDefinitionKey(Variables.PROCESS_KEY).count() > 0) {
      return Check.reject(409, "A project with key '" + businessKey + "' is already active; choose another key.");
    }
    if (projects.exists(businessKey)) {
      return Check.reject(409, "The project key '" + businessKey + "' was already used by an earlier project;"
          + " choose another key.");
    }
    try {
      validator.validate(variables);
    } catch (InvalidCharterException e) {
      return Check.reject(400, e.getMessage());
    }
    return Check.pass(passed);
  }

  /** Sponsors and administrators start projects (others may start a charter change, not a project). */
  private boolean mayStart(String key, String id, String user) {
    if (!isLifecycle(key, id)) {
      return true;
    }
    return user != null && (io.mlpm.security.Groups.isMember(identity, user, io.mlpm.security.Roles.SPONSORS)
        || io.mlpm.security.Groups.isMember(identity, user, io.mlpm.security.Roles.ADMINS));
  }

  private boolean isLifecycle(String key, String id) {
    return RestBodies.starts(repository, Variables.PROCESS_KEY, key, id);
  }

}
