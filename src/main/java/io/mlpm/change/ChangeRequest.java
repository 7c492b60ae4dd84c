package io.mlpm.change;

import java.time.Instant;

/**
 * A proposed change of a project's charter and what became of it.
 *
 * @param changesJson only what changes: {@code {"successCriteria": [...], "riskLevel": "...", "datasetUri": "..."}}
 * @param fromVersion the charter version it was proposed against
 * @param complianceCoSign whether compliance co-signs too (the risk level changes)
 * @param status PROPOSED, APPLIED, REJECTED or WITHDRAWN
 * @param toVersion the charter version it made, once applied
 */
public record ChangeRequest(long id, String projectKey, String proposedBy, String reason, String changesJson,
    int fromVersion, boolean complianceCoSign, String status, String outcome, Integer toVersion, Instant createdAt,
    Instant decidedAt) {

  public static final String PROPOSED = "PROPOSED";
  public static final String APPLIED = "APPLIED";
  public static final String REJECTED = "REJECTED";
  public static final String WITHDRAWN = "WITHDRAWN";
}
