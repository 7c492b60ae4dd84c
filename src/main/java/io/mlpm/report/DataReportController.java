package io.mlpm.report;

import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.MappingJackson2JsonView;

/**
 * The data steward's report of a project's latest dataset profile, and its charts. Linked from
 * Tasklist forms, so it answers browsers (HTML, also for errors) as well as API clients (JSON errors).
 */
@Controller
public class DataReportController {

  static final String REPORT = "/api/projects/{key}/data-report";
  // The page's only active content is its own images; values from CSV files can never run as script.
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self'; "
      + "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  private final ProfileSource profiles;
  private final ProjectRepository projects;
  private final ChartRenderer charts;

  public DataReportController(ProfileSource profiles, ProjectRepository projects, ChartRenderer charts) {
    this.profiles = profiles;
    this.projects = projects;
    this.charts = charts;
  }

  @Requires(ProjectRight.READ)
  @GetMapping(REPORT)
  public String report(@PathVariable String key, Model model, HttpServletResponse response) {
    model.addAttribute("report", DataReportView.of(latest(key)));
    PageHeaders.set(response, CONTENT_SECURITY_POLICY);
    return "data-report";
  }

  /** {@code _target.png} is the target's class counts; any other name is a column. */
  @Requires(ProjectRight.READ)
  @GetMapping(REPORT + "/charts/{column}.png")
  public ResponseEntity<byte[]> chart(@PathVariable String key, @PathVariable String column) {
    ReportData data = latest(key);
    if (ChartLinks.TARGET.equals(column)) {
      var target = data.profile().target();
      if (target == null || target.classCounts() == null || target.classCounts().isEmpty()) {
        throw new ReportNotFoundException("The profile of project '" + key + "' has no target class counts.");
      }
      return png(charts.classes(target.column(), target.classCounts()));
    }
    return columnChart(key, column, data);
  }

  /** For column names a path segment cannot carry (see {@link ChartLinks}). */
  @Requires(ProjectRight.READ)
  @GetMapping(REPORT + "/chart.png")
  public ResponseEntity<byte[]> chartByQuery(@PathVariable String key, @RequestParam String column) {
    return columnChart(key, column, latest(key));
  }

  private ResponseEntity<byte[]> columnChart(String key, String column, ReportData data) {
    ColumnProfile profile = data.profile().columns() == null ? null : data.profile().column(column);
    if (profile == null) {
      throw new ReportNotFoundException("The dataset of project '" + key + "' has no column '" + column + "'.");
    }
    return png(charts.column(profile));
  }

  private ReportData latest(String key) {
    return profiles.latest(key).orElseThrow(() -> new ReportNotFoundException(projects.exists(key)
        ? "The data of project '" + key + "' has not been profiled yet."
        : "No project with key '" + key + "'."));
  }

  private static ResponseEntity<byte[]> png(byte[] image) {
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)).cachePrivate())
        .header("X-Content-Type-Options", "nosniff").body(image);
  }

  /** A browser gets a page naming the problem; an API client the usual JSON error. */
  @ExceptionHandler(ReportNotFoundException.class)
  ModelAndView notFound(ReportNotFoundException e, HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    boolean browser = accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    ModelAndView view = browser ? new ModelAndView("data-report-error") : new ModelAndView(new MappingJackson2JsonView());
    view.addAllObjects(Map.of("type", "NotFound", "message", e.getMessage()));
    view.setStatus(HttpStatus.NOT_FOUND);
    return view;
  }
}
