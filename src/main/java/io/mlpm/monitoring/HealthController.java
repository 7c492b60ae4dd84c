package io.mlpm.monitoring;

import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.web.ApiError;
import io.mlpm.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * {@code GET /api/projects/{key}/health}: the latest health check with its verdict, and
 * {@code GET /api/projects/{key}/health/{checkId}/drift.png}: its drift chart.
 */
@RestController
public class HealthController {

  private final ProjectRepository projects;
  private final HealthChecks checks;

  public HealthController(ProjectRepository projects, HealthChecks checks) {
    this.projects = projects;
    this.checks = checks;
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/health")
  public Map<String, Object> latest(@PathVariable String key) {
    projects.require(key);
    HealthChecks.HealthCheck check = checks.latest(key).orElseThrow(() -> new NotFoundException(
        "Project '" + key + "' has no health check yet."));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("checkId", check.id());
    view.put("project", key);
    view.put("verdict", check.verdict());
    view.put("createdAt", check.createdAt());
    view.put("driftChart", chartPath(key, check.id()));
    view.put("report", check.report());
    return view;
  }

  // No "produces": a 404 must still be answered as JSON.
  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/health/{checkId}/drift.png")
  public ResponseEntity<byte[]> driftChart(@PathVariable String key, @PathVariable long checkId) {
    projects.require(key);
    HealthChecks.HealthCheck check = checks.find(checkId).filter(c -> c.projectKey().equals(key))
        .orElseThrow(() -> new NotFoundException("Project '" + key + "' has no health check " + checkId + "."));
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noCache().cachePrivate())
        .body(DriftChart.png(check.report()));
  }

  /**
   * The same JSON error as {@code ApiExceptionHandler}, but with its content type fixed, so that
   * an image request ({@code Accept: image/png}) also gets its 404 instead of a failed negotiation.
   */
  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ApiError> notFound(NotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON)
        .body(new ApiError("NotFound", e.getMessage()));
  }

  /** Where the drift chart of a check is served, relative to the server root. */
  public static String chartPath(String projectKey, long checkId) {
    return "/api/projects/" + UriUtils.encodePathSegment(projectKey, StandardCharsets.UTF_8) + "/health/" + checkId
        + "/drift.png";
  }
}
