package io.mlpm.governance;

import java.time.Instant;
import java.util.List;

/**
 * One completed sign-off: who (and in which groups at that moment) decided what on which evidence,
 * under which process definition and policy (DMN) versions. Never changed once written.
 */
public record SignOff(
    long id,
    String projectKey,
    String taskId,
    String taskKey,
    String userId,
    List<String> userGroups,
    String decision,
    String comment,
    Instant decidedAt,
    String processDefinitionKey,
    int processDefinitionVersion,
    /** e.g. {@code deployment-approval:v1}, comma separated; the decisions that led to the task. */
    String policyVersions,
    Long datasetVersionId,
    String datasetSha256,
    Long modelId,
    String modelMetricsJson) {

  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";

  public boolean approved() {
    return APPROVED.equals(decision);
  }
}
