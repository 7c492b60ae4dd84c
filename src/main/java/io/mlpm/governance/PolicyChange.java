package io.mlpm.governance;

import java.time.Instant;

/** A proposed new version of a DMN policy, and what came of it. */
public record PolicyChange(long id, String decisionKey, String dmnXml, String reason, String proposedBy,
    Instant proposedAt, Status status, String decidedBy, Instant decidedAt, Integer deployedVersion) {

  public enum Status { PROPOSED, DEPLOYED, REJECTED }

  /** The business key of the review process of this change. */
  public String reviewKey() {
    return PREFIX + id;
  }

  public static final String PREFIX = "policy-change-";
}
