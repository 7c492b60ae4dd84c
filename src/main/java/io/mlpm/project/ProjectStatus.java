package io.mlpm.project;

/** Where a project stands overall; the phase says where in the lifecycle it is. */
public enum ProjectStatus {
  ACTIVE,
  REJECTED,
  ABORTED,
  STOPPED,
  RETIRED;

  /** Maps the end of a lifecycle ({@code rejected}, {@code aborted}, ...) to a status. */
  public static ProjectStatus ofOutcome(String outcome) {
    return ProjectStatus.valueOf(outcome.trim().toUpperCase(java.util.Locale.ROOT));
  }
}
