package io.mlpm.report;

import io.mlpm.governance.AuditRecord;
import io.mlpm.governance.AuditTrail;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A project's audit chain for auditors: every record (who did what, when, on which data and
 * model, under which process and policy versions) and whether the chain verifies, as JSON and as
 * a printable page.
 */
@Controller
public class AuditReportController {

  private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
  private final AuditTrail audit;
  private final ProjectRepository projects;

  public AuditReportController(AuditTrail audit, ProjectRepository projects) {
    this.audit = audit;
    this.projects = projects;
  }

  @Requires(ProjectRight.AUDIT)
  @GetMapping(path = "/api/projects/{key}/audit", produces = "application/json")
  @ResponseBody
  public Map<String, Object> chain(@PathVariable String key) {
    AuditTrail.Chain chain = audit.chain(key);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", key);
    body.put("verified", chain.verification().verified());
    body.put("records", chain.verification().records());
    body.put("problems", chain.verification().problems());
    body.put("checkedAt", Instant.now().toString());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AuditRecord r : chain.records()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("seq", r.seq());
      row.put("at", r.at().toString());
      row.put("actor", r.actor());
      row.put("action", r.action());
      row.put("detail", r.detail());
      row.put("datasetSha256", r.context().datasetSha256());
      row.put("modelVersionId", r.context().modelVersionId());
      row.put("processDefinition", r.context().processDefinition());
      row.put("policyVersions", r.context().policyVersions());
      row.put("prevHash", r.prevHash());
      row.put("hash", r.hash());
      rows.add(row);
    }
    body.put("chain", rows);
    return body;
  }

  @Requires(ProjectRight.AUDIT)
  @GetMapping("/api/projects/{key}/audit.html")
  public String page(@PathVariable String key, Model model, HttpServletResponse response) {
    model.addAttribute("project", projects.require(key));
    model.addAttribute("chain", audit.chain(key));
    model.addAttribute("checkedAt", Instant.now().toString());
    PageHeaders.set(response, CONTENT_SECURITY_POLICY);
    return "audit";
  }
}
