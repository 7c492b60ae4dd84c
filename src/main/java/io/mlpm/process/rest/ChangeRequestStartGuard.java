package io.mlpm.process.rest;

import io.mlpm.process.Variables;
import io.mlpm.process.engine.EngineProjectChanges;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlpm.change.ChangeRequest;
import io.mlpm.change.ChangeRequestService;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectAccess;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.Groups;
import io.mlpm.security.Unrestricted;
import io.mlpm.security.WebappSessions;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import io.mlpm.web.HttpLimits;
import io.mlpm.web.NotFoundException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tasklist's "Charter change" start form (and any other start of {@code charter-change} over HTTP,
 * by key or id, {@code start} or {@code submit-form}) becomes a change request through
 * {@link ChangeRequestService#propose}: checked in full and recorded before the approval starts.
 * The engine never starts this process from a request, so no variable can be forged into it.
 */
public class ChangeRequestStartGuard extends OncePerRequestFilter {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The start form's fields besides the project key. */
  private static final Set<String> FIELDS = Set.of("reason", "successCriteria", "riskLevel", "datasetUri");
  private final ChangeRequestService changes;
  private final ProjectRepository projects;
  private final ProjectAccess access;
  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final HttpLimits limits;

  public ChangeRequestStartGuard(ChangeRequestService changes, ProjectRepository projects, ProjectAccess access,
      RepositoryService repository, RuntimeService runtime, IdentityService identity, HttpLimits limits) {
    this.changes = changes;
    this.projects = projects;
    this.access = access;
    this.repository = repository;
    this.runtime = runtime;
    this.identity = identity;
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RestBodies.postPath(request);
    Matcher m = path == null ? null : ProjectStartGuard.START.matcher(path);
    if (m == null || !m.matches() || !Unrestricted.call(identity, () -> RestBodies.starts(repository, EngineProjectChanges.PROCESS_KEY, m.group(1), m.group(2)))) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = RestBodies.readBody(request, response, "change request", limits);
    if (body == null) {
      return;
    }
    String user = RestBodies.user(request);
    if (user == null) {
      RestBodies.reject(response, 401, "AuthenticationException", "Log in to propose a charter change.");
      return;
    }
    // This guard answers itself, before the webapp's CSRF filter would: a JSON body, and on the
    // webapp's API the session's CSRF token, so no other page can propose in a user's name.
    String type = request.getContentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      RestBodies.reject(response, 415, "UnsupportedMediaType", "A charter change is sent as application/json.");
      return;
    }
    if (path.startsWith("/camunda/")) {
      String token = WebappSessions.csrfToken(request);
      if (token == null || !token.equals(request.getHeader("X-XSRF-TOKEN"))) {
        RestBodies.reject(response, 403, "CsrfPreventionException", "The request lacks the session's CSRF token.");
        return;
      }
    }
    try {
      ChangeRequest cr = Unrestricted.call(identity, () -> propose(user, body));
      ProcessInstance pi = Unrestricted.call(identity, () -> runtime.createProcessInstanceQuery()
          .processDefinitionKey(EngineProjectChanges.PROCESS_KEY).processInstanceBusinessKey(cr.projectKey())
          .variableValueEquals(Variables.CHANGE_REQUEST_ID, cr.id()).singleResult());
      ObjectNode started = JSON.createObjectNode();
      started.put("id", pi == null ? null : pi.getId());
      started.put("definitionId", pi == null ? null : pi.getProcessDefinitionId());
      started.put("businessKey", cr.projectKey());
      started.put("ended", false);
      started.put("suspended", false);
      started.putArray("links");
      started.put(Variables.CHANGE_REQUEST_ID, cr.id());
      response.setStatus(200);
      response.setContentType("application/json");
      response.getOutputStream().write(started.toString().getBytes(StandardCharsets.UTF_8));
    } catch (BadRequestException e) {
      RestBodies.reject(response, 400, "InvalidChangeRequestException", e.getMessage());
    } catch (ConflictException e) {
      RestBodies.reject(response, 409, "ChangeRequestConflict", e.getMessage());
    } catch (NotFoundException e) {
      RestBodies.reject(response, 404, "ProjectNotFound", e.getMessage());
    } catch (ForbiddenChange e) {
      RestBodies.reject(response, 403, "AuthorizationException", e.getMessage());
    }
  }

  private ChangeRequest propose(String user, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException("The start request body is not valid JSON.");
    }
    if (json == null || !json.isObject()) {
      throw new BadRequestException("The start request body must be a JSON object with 'variables'.");
    }
    Map<String, Object> variables = RestBodies.variables(json.get("variables"));
    Object key = variables.getOrDefault("projectKey", json.path("businessKey").asText(""));
    if (!(key instanceof String projectKey) || projectKey.isBlank()) {
      throw new BadRequestException("'projectKey' is required: the project whose charter changes.");
    }
    ObjectNode proposal = JSON.createObjectNode();
    for (Map.Entry<String, Object> v : variables.entrySet()) {
      if (v.getKey().equals("projectKey")) {
        continue;
      }
      if (!FIELDS.contains(v.getKey())) {
        throw new BadRequestException("'" + v.getKey() + "' is not a field of a charter change; it takes only"
            + " projectKey, " + FIELDS + ".");
      }
      // Tasklist sends the optional fields left empty as empty texts: they change nothing.
      if (v.getValue() != null && !(v.getValue() instanceof String s && s.isBlank())) {
        proposal.set(v.getKey(), JSON.valueToTree(v.getValue()));
      }
    }
    Optional<Project> project = projects.find(projectKey.strip());
    if (project.isEmpty()) {
      throw new NotFoundException("No project with key '" + projectKey.strip() + "'.");
    }
    if (!access.mayChange(project.get(), user, Groups.of(identity, user))) {
      throw new ForbiddenChange("Proposing a change of project '" + project.get().key() + "''s charter needs the"
          + " change right: a sponsor, data steward, data scientist or ML engineer who reads the project; '" + user
          + "' is none of these.");
    }
    return changes.propose(project.get().key(), user, proposal);
  }

  private static final class ForbiddenChange extends RuntimeException {
    ForbiddenChange(String message) {
      super(message);
    }
  }
}
