package io.mlpm.governance;

/**
 * On which data and model, under which process and policy versions an audited action happened;
 * each part null when the action has none.
 */
public record AuditContext(String datasetSha256, Long modelVersionId, String processDefinition,
    String policyVersions) {

  public static final AuditContext NONE = new AuditContext(null, null, null, null);
}
