package io.mlpm.registry;

/** A freshly trained candidate, before it is stored. */
public record NewModelVersion(
    String projectKey,
    int iteration,
    String algorithm,
    String taskType,
    String targetColumn,
    long splitId,
    String datasetSha256,
    long seed,
    String parametersJson,
    String featureSchemaJson,
    String provenance,
    byte[] artifact) {}
