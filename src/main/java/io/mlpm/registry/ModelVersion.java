package io.mlpm.registry;

import java.time.Instant;

/** A trained model with everything needed to trace and serve it. */
public record ModelVersion(
    long id,
    String projectKey,
    Integer version,
    int iteration,
    String algorithm,
    Stage stage,
    String taskType,
    String targetColumn,
    long splitId,
    String datasetSha256,
    long seed,
    String parametersJson,
    String metricsJson,
    String criteriaJson,
    Boolean criteriaMet,
    String featureSchemaJson,
    String provenance,
    String approvedBy,
    Instant createdAt,
    /** Metrics on the validation split (model selection), the tuning trials, and the selection. */
    String validationMetricsJson,
    String trialsJson,
    Boolean selected,
    String selectionReason,
    /** The comparison with the production model on the same test split, if there was one. */
    String championJson,
    /** "trained on 250,000 of 6,399,805 training rows (a seeded sample); tuned on ..." (null before recorded). */
    String trainingRows,
    /** "evaluated on all 2,001 test rows" or on a sample of them (null before the evaluation). */
    String evaluationRows,
    /** The rows the selected candidate was refit on before its test evaluation (null: not refit). */
    String refitRows,
    /** An external candidate's upload, whose test predictions the evaluation grades (null: built-in). */
    String externalUploadId,
    /** The declared format of an external candidate's opaque artifact (null: a Tribuo model). */
    String artifactFormat,
    /** Which code trained it: the application's version and commit, or the repository and commit an external trainer reported. */
    String codeVersion) {

  /** Trained outside the orchestrator: its artifact is opaque and never loaded here. */
  public boolean external() {
    return externalUploadId != null;
  }

  /** Where the model card of a project's model version is served. */
  public static String cardPath(String projectKey, long modelVersionId) {
    return "/api/projects/" + projectKey + "/models/" + modelVersionId + "/card";
  }
}
