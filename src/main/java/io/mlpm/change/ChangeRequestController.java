package io.mlpm.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRepository.CharterVersion;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.security.CurrentUser;
import io.mlpm.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/projects/{key}/change-requests} with {@code {"reason", "successCriteria"?,
 * "riskLevel"?, "datasetUri"?}} proposes a charter change (a sponsor approves it in Tasklist);
 * {@code GET .../change-requests} lists them, {@code GET .../charter} shows every charter version.
 */
@RestController
public class ChangeRequestController {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChangeRequestService service;
  private final ChangeRequests requests;
  private final ProjectRepository projects;

  public ChangeRequestController(ChangeRequestService service, ChangeRequests requests, ProjectRepository projects) {
    this.service = service;
    this.requests = requests;
    this.projects = projects;
  }

  @Requires(ProjectRight.CHANGE)
  @PostMapping("/api/projects/{key}/change-requests")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> propose(@PathVariable String key, @RequestBody(required = false) JsonNode body,
      HttpServletRequest request) {
    return view(service.propose(key, CurrentUser.of(request), body));
  }

  @Requires(ProjectRight.CHANGE)
  @PostMapping("/api/projects/{key}/change-requests/{id}/withdraw")
  public Map<String, Object> withdraw(@PathVariable String key, @PathVariable long id,
      @RequestBody(required = false) JsonNode body, HttpServletRequest request) {
    String reason = body != null && body.path("reason").isTextual() ? body.get("reason").asText() : null;
    if (reason != null && reason.length() > ChangeRequestService.MAX_REASON) {
      throw new io.mlpm.web.BadRequestException("'reason' is longer than " + ChangeRequestService.MAX_REASON
          + " characters.");
    }
    return view(service.withdraw(key, id, CurrentUser.of(request), reason));
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/change-requests")
  public List<Map<String, Object>> list(@PathVariable String key) {
    return requests.of(key).stream().map(ChangeRequestController::view).toList();
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/change-requests/{id}")
  public Map<String, Object> one(@PathVariable String key, @PathVariable long id) {
    return requests.find(id).filter(cr -> cr.projectKey().equals(key)).map(ChangeRequestController::view)
        .orElseThrow(() -> new NotFoundException("Project '" + key + "' has no change request " + id + "."));
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/charter")
  public Map<String, Object> charter(@PathVariable String key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("project", key);
    view.put("version", projects.charterVersion(key));
    view.put("versions", projects.charterVersions(key).stream().map(ChangeRequestController::view).toList());
    return view;
  }

  static Map<String, Object> view(ChangeRequest cr) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", cr.id());
    v.put("project", cr.projectKey());
    v.put("proposedBy", cr.proposedBy());
    v.put("reason", cr.reason());
    v.put("changes", tree(cr.changesJson()));
    v.put("fromVersion", cr.fromVersion());
    v.put("complianceCoSign", cr.complianceCoSign());
    v.put("status", cr.status());
    v.put("outcome", cr.outcome());
    v.put("toVersion", cr.toVersion());
    v.put("createdAt", cr.createdAt().toString());
    v.put("decidedAt", cr.decidedAt() == null ? null : cr.decidedAt().toString());
    return v;
  }

  private static Map<String, Object> view(CharterVersion c) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("version", c.version());
    v.put("charter", tree(c.charterJson()));
    v.put("reason", c.reason());
    v.put("changedBy", c.changedBy());
    v.put("approvedBy", c.approvedBy());
    v.put("changeRequest", c.changeRequestId());
    v.put("createdAt", c.createdAt().toString());
    return v;
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return null;
    }
  }
}
