package io.mlpm.portfolio;

import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.report.PageHeaders;
import io.mlpm.security.CallerGroups;
import io.mlpm.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * {@code GET /api/projects} (JSON) and {@code /api/projects.html} (the page, which opens with the
 * Tasklist login): the portfolio of the projects the caller may read.
 */
@Controller
public class PortfolioController {

  /** The page links to Tasklist and to the project's pages; it loads nothing from elsewhere. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline';"
      + " base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
  private final Portfolio portfolio;
  private final CallerGroups callers;

  public PortfolioController(Portfolio portfolio, CallerGroups callers) {
    this.portfolio = portfolio;
    this.callers = callers;
  }

  @Requires(ProjectRight.LIST)
  @GetMapping(path = "/api/projects", produces = "application/json")
  @ResponseBody
  public Portfolio.Page list(@RequestParam(required = false) String phase,
      @RequestParam(required = false) String status, @RequestParam(required = false) String waitingRole,
      @RequestParam(required = false) String overdue, @RequestParam(required = false) String sponsor,
      @RequestParam(required = false) String page, @RequestParam(required = false) String size,
      HttpServletRequest request) {
    PortfolioQuery query = PortfolioQuery.of(phase, status, waitingRole, overdue, sponsor, page, size);
    return portfolio.list(query, CurrentUser.of(request), callers.groups(request), Instant.now());
  }

  @Requires(ProjectRight.LIST)
  @GetMapping("/api/projects.html")
  public String page(@RequestParam(required = false) String phase, @RequestParam(required = false) String status,
      @RequestParam(required = false) String waitingRole, @RequestParam(required = false) String overdue,
      @RequestParam(required = false) String sponsor, @RequestParam(required = false) String page,
      @RequestParam(required = false) String size, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    PortfolioQuery query = PortfolioQuery.of(phase, status, waitingRole, overdue, sponsor, page, size);
    model.addAttribute("query", query);
    model.addAttribute("portfolio", portfolio.list(query, CurrentUser.of(request), callers.groups(request),
        Instant.now()));
    model.addAttribute("user", CurrentUser.of(request));
    model.addAttribute("phases", PortfolioQuery.PHASES);
    model.addAttribute("roles", io.mlpm.security.Roles.BUSINESS);
    model.addAttribute("statuses", io.mlpm.project.ProjectStatus.values());
    PageHeaders.set(response, CONTENT_SECURITY_POLICY);
    return "portfolio";
  }
}
