package io.mlpm.project;

import io.mlpm.governance.AuditTrail;
import io.mlpm.security.CurrentUser;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/projects/{key}/retire} with {@code {"reason": "..."}}: an ML engineer takes a
 * project out of production; who and why go into the audit trail.
 */
@RestController
public class RetirementController {

  static final int MAX_REASON = 2000;
  private final ProjectRepository projects;
  private final ProjectRetirement retirement;
  private final AuditTrail audit;
  private final org.springframework.transaction.support.TransactionTemplate transaction;

  public RetirementController(ProjectRepository projects, ProjectRetirement retirement, AuditTrail audit,
      org.springframework.transaction.PlatformTransactionManager transactions) {
    this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
    this.projects = projects;
    this.retirement = retirement;
    this.audit = audit;
  }

  @Requires(ProjectRight.OPERATE)
  @PostMapping("/api/projects/{key}/retire")
  public Map<String, Object> retire(@PathVariable String key, @RequestBody(required = false) Map<String, Object> body,
      HttpServletRequest request) {
    String user = CurrentUser.of(request);
    Object reason = body == null ? null : body.get("reason");
    if (!(reason instanceof String text) || text.isBlank()) {
      throw new BadRequestException("'reason' is required: say why the project leaves production.");
    }
    if (text.length() > MAX_REASON) {
      throw new BadRequestException("'reason' is longer than " + MAX_REASON + " characters.");
    }
    projects.require(key);
    // One transaction: a retirement without its audit record is not possible, nor the reverse.
    transaction.executeWithoutResult(status -> {
      if (!retirement.retire(key)) {
        throw new ConflictException("Project '" + key + "' is not in production, so it cannot be retired.");
      }
      audit.record(key, user, "retire", text.strip());
    });
    return Map.of("project", key, "retiredBy", user, "reason", text.strip());
  }
}
