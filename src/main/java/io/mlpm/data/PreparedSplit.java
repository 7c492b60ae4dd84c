package io.mlpm.data;

import io.mlpm.charter.TaskType;

/** A recorded split, rebuilt from the dataset file, its fingerprint and the seed. */
public record PreparedSplit(long splitId, String datasetSha256, String targetColumn, TaskType taskType, long seed,
    DataSplit split) {}
