package io.mlpm.project;

import io.mlpm.charter.Charter;
import io.mlpm.charter.CharterValidator;
import io.mlpm.governance.AuditTrail;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A project comes into being: its charter validated in full, stored as version 1 with the project,
 * and the submission recorded in the audit trail, all in the caller's (the start's) transaction.
 */
@Service
public class ProjectFounding {

  private final CharterValidator validator;
  private final ProjectRepository projects;
  private final AuditTrail audit;

  public ProjectFounding(CharterValidator validator, ProjectRepository projects, AuditTrail audit) {
    this.validator = validator;
    this.projects = projects;
    this.audit = audit;
  }

  /**
   * @param submitted the start's variables, as a form or the REST API sent them
   * @param initiator who started the project (null when the engine knows nobody)
   * @throws io.mlpm.charter.InvalidCharterException naming each field that is wrong
   */
  public Charter found(String key, Map<String, ?> submitted, String initiator) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("A project needs a business key (the project key).");
    }
    Charter charter = validator.validate(submitted);
    projects.create(key, charter, initiator);
    audit.record(key, initiator, "charter-submitted", "Charter '" + charter.projectName() + "' with criteria "
        + charter.successCriteria() + " on " + charter.datasetUri());
    return charter;
  }
}
