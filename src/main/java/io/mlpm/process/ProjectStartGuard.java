package io.mlpm.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlpm.charter.CharterValidator;
import io.mlpm.charter.InvalidCharterException;
import io.mlpm.project.ProjectRepository;
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
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Validates a project's charter on every way a project can start over HTTP (by key, by id,
 * {@code submit-form}, and Tasklist's start form), before the engine sees it: an exception inside
 * the engine would reach the caller as HTTP 500, a bad charter must get a 4xx that names the
 * variable. The engine-side {@link ValidateCharterDelegate} stays as the last line of defence.
 */
public class ProjectStartGuard extends OncePerRequestFilter {

  private static final Pattern START = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/process-definition/"
          + "(?:key/([^/]+)(?:/tenant-id/[^/]+)?|([^/]+))/(?:start|submit-form)$");
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final CharterValidator validator;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final ProjectRepository projects;

  public ProjectStartGuard(CharterValidator validator, RepositoryService repository, RuntimeService runtime,
      IdentityService identity, ProjectRepository projects) {
    this.validator = validator;
    this.repository = repository;
    this.runtime = runtime;
    this.identity = identity;
    this.projects = projects;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Matcher m = START.matcher(path);
    if (!"POST".equalsIgnoreCase(request.getMethod()) || !m.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      reject(response, 413, "The start request is larger than 1 MB.");
      return;
    }
    // Lookups below must not depend on what the caller may read; the engine checks CREATE itself.
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      if (!isLifecycle(m.group(1), m.group(2))) {
        chain.doFilter(new RestBodies.CachedBodyRequest(request, body), response);
        return;
      }
      JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      if (json == null || !json.isObject()) {
        reject(response, 400, "The start request body must be a JSON object with 'businessKey' and 'variables'.");
        return;
      }
      Map<String, Object> variables = RestBodies.variables(json.get("variables"));
      String businessKey = json.path("businessKey").asText("").trim();
      if (businessKey.isEmpty() && variables.get("projectKey") instanceof String key) {
        businessKey = key.trim();
        ((ObjectNode) json).put("businessKey", businessKey);
        body = JSON.writeValueAsBytes(json);
      }
      if (businessKey.isEmpty()) {
        reject(response, 400, "'businessKey' is required: it is the project key that every task and API call uses.");
        return;
      }
      if (!PROJECT_KEY.matcher(businessKey).matches()) {
        reject(response, 400, "'businessKey' '" + businessKey + "' must be 1-100 letters, digits, '.', '_' or '-',"
            + " starting with a letter or digit.");
        return;
      }
      if (runtime.createProcessInstanceQuery().processInstanceBusinessKey(businessKey)
          .processDefinitionKey(Variables.PROCESS_KEY).count() > 0) {
        reject(response, 409, "A project with key '" + businessKey + "' is already active; choose another key.");
        return;
      }
      if (projects.exists(businessKey)) {
        reject(response, 409, "The project key '" + businessKey + "' was already used by an earlier project;"
            + " choose another key.");
        return;
      }
      validator.validate(variables);
    } catch (InvalidCharterException e) {
      reject(response, 400, e.getMessage());
      return;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      reject(response, 400, "The start request body is not valid JSON.");
      return;
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
    chain.doFilter(new RestBodies.CachedBodyRequest(request, body), response);
  }

  private boolean isLifecycle(String key, String id) {
    if (key != null) {
      return Variables.PROCESS_KEY.equals(key);
    }
    ProcessDefinition definition = repository.createProcessDefinitionQuery().processDefinitionId(id).singleResult();
    return definition != null && Variables.PROCESS_KEY.equals(definition.getKey());
  }

  private static void reject(HttpServletResponse response, int status, String message) throws IOException {
    RestBodies.reject(response, status, status == 409 ? "ProjectKeyConflict" : "InvalidCharterException", message);
  }
}
