package io.mlpm.governance;

import java.time.Instant;
import java.util.List;

/** What the workflow engine does for policy changes; implemented in process/. */
public interface PolicyEngine {

  /** The policies that exist (the decisions deployed with the application). */
  List<PolicyVersion> versions();

  /** @throws IllegalArgumentException naming what is wrong with the table */
  void validate(String decisionKey, String dmnXml);

  /** Starts the compliance review of a proposal (process {@code policy-change}). */
  void startReview(PolicyChange change);

  /** Deploys the approved table; answers the new version of the decision. */
  int deploy(PolicyChange change);

  record PolicyVersion(String decisionKey, String name, int version, Instant deployedAt, String deploymentName) {}
}
