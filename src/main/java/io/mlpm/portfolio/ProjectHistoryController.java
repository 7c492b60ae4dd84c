package io.mlpm.portfolio;

import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.report.PageHeaders;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/** {@code GET /api/projects/{key}/history} (JSON) and {@code history.html}: the project's timeline. */
@Controller
public class ProjectHistoryController {

  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
  private final ProjectHistory history;
  private final ProjectRepository projects;

  public ProjectHistoryController(ProjectHistory history, ProjectRepository projects) {
    this.history = history;
    this.projects = projects;
  }

  @Requires(ProjectRight.READ)
  @GetMapping(path = "/api/projects/{key}/history", produces = "application/json")
  @ResponseBody
  public Map<String, Object> events(@PathVariable String key) {
    List<ProjectHistory.Event> events = history.of(key);
    return Map.of("project", key, "events", events);
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/history.html")
  public String page(@PathVariable String key, Model model, HttpServletResponse response) {
    model.addAttribute("project", projects.require(key));
    model.addAttribute("events", history.of(key));
    PageHeaders.set(response, CONTENT_SECURITY_POLICY);
    return "history";
  }
}
