package io.mlpm.change;

import java.util.Map;

/** What a change request needs of the engine (implemented in {@code process/}). */
public interface ProjectChanges {

  /**
   * Starts the change request's approval (process {@code charter-change}, business key = project key).
   *
   * @param shown what the approval forms show: texts, and {@code changeTable} as a JSON list
   */
  void startApproval(String projectKey, long changeRequestId, boolean complianceCoSign, Map<String, String> shown);

  /** Ends the approval of a withdrawn change request (its open sign-offs go with it). */
  void cancelApproval(String projectKey, long changeRequestId, String reason);

  /** Whether the project's lifecycle is of a version that reacts to a changed charter. */
  boolean reactsToChanges(String projectKey);

  /**
   * Hands the new charter values to the project's running processes and lets its lifecycle react:
   * a new dataset goes back to data preparation; new criteria re-judge a candidate waiting for its
   * deployment approval.
   */
  void applyToRunningProject(String projectKey, Map<String, Object> variables, boolean datasetChanged);
}
