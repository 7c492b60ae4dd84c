package io.mlpm.change;

import java.time.Instant;

/**
 * A proposed change of a project's charter and what became of it.
 *
 * @param changesJson only what changes: {@code {"successCriteria": [...], "riskLevel": "...", "datasetUri": "..."}}
 * @param fromVersion the charter version it was proposed against
 * @param riskRises whether the risk level goes up (compliance must then approve too)
 * @param status PROPOSED, APPLIED, REJECTED or WITHDRAWN
 * @param toVersion the charter version it made, once applied
 */
public record ChangeRequest(long id, String projectKey, String proposedBy, String reason, String changesJson,
    int fromVersion, boolean riskRises, String status, String outcome, Integer toVersion, Instant createdAt,
    Instant decidedAt) {

  public static final String PROPOSED = "PROPOSED";
  public static final String APPLIED = "APPLIED";
  public static final String REJECTED = "REJECTED";
}
