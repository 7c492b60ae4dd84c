package io.mlpm.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.security.CallerGroups;
import io.mlpm.security.CurrentUser;
import io.mlpm.security.Roles;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ForbiddenException;
import io.mlpm.web.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The DMN policies and their governed changes. {@code POST /api/policies/{key}/changes} with
 * {@code {"reason", "dmn"}} (process owners) proposes a new version; compliance approves it in
 * Tasklist. {@code GET /api/policies} and {@code /api/policies/changes/{id}} show the versions in
 * force and every change, to process owners and compliance.
 */
@RestController
public class PolicyController {

  static final int MAX_BODY = 256 * 1024;
  /** Who proposes a policy change (its approval is a task for compliance). */
  public static final Set<String> PROPOSERS = Set.of(Roles.ADMINS);
  /** Who reads the policies in force and their changes. */
  public static final Set<String> READERS = Set.of(Roles.ADMINS, Roles.COMPLIANCE);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final PolicyChangeService service;
  private final PolicyChanges changes;
  private final PolicyEngine engine;
  private final CallerGroups groups;

  public PolicyController(PolicyChangeService service, PolicyChanges changes, PolicyEngine engine,
      CallerGroups groups) {
    this.service = service;
    this.changes = changes;
    this.engine = engine;
    this.groups = groups;
  }

  @PostMapping("/api/policies/{decisionKey}/changes")
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, Object> propose(@PathVariable String decisionKey, HttpServletRequest request) throws IOException {
    if (!isIn(request, PROPOSERS)) {
      throw new ForbiddenException("Only process owners (group '" + Roles.ADMINS + "') propose policy changes.");
    }
    // Bounded before it is parsed: a policy table is a few kilobytes.
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      throw new BadRequestException("The proposal is larger than " + MAX_BODY / 1024 + " KB.");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException("The body must be JSON: {\"reason\": \"...\", \"dmn\": \"<definitions ...>\"}.");
    }
    String reason = json == null ? "" : json.path("reason").asText("").strip();
    String dmn = json == null ? "" : json.path("dmn").asText("");
    if (reason.isEmpty()) {
      throw new BadRequestException("'reason' is required: say why the policy changes.");
    }
    if (dmn.isBlank()) {
      throw new BadRequestException("'dmn' is required: the whole DMN table as XML.");
    }
    try {
      return view(service.propose(decisionKey, dmn, reason, CurrentUser.of(request)), false);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  @GetMapping("/api/policies")
  public Map<String, Object> policies(HttpServletRequest request) {
    requireReader(request);
    return Map.of("versions", engine.versions(), "changes", changes.list().stream().map(c -> view(c, false)).toList());
  }

  @GetMapping("/api/policies/changes/{id}")
  public Map<String, Object> change(@PathVariable long id, HttpServletRequest request) {
    requireReader(request);
    return view(changes.find(id).orElseThrow(() -> new NotFoundException("No policy change " + id + ".")), true);
  }

  private boolean isIn(HttpServletRequest request, Set<String> any) {
    return any.stream().anyMatch(group -> groups.isIn(request, group));
  }

  private void requireReader(HttpServletRequest request) {
    if (!isIn(request, READERS)) {
      throw new ForbiddenException("Policies and their history are for process owners and compliance.");
    }
  }

  private static Map<String, Object> view(PolicyChange c, boolean withTable) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", c.id());
    v.put("decisionKey", c.decisionKey());
    v.put("reason", c.reason());
    v.put("proposedBy", c.proposedBy());
    v.put("proposedAt", c.proposedAt());
    v.put("status", c.status());
    v.put("decidedBy", c.decidedBy());
    v.put("decidedAt", c.decidedAt());
    v.put("deployedVersion", c.deployedVersion());
    if (withTable) {
      v.put("dmn", c.dmnXml());
    }
    return v;
  }
}
