package io.mlpm.data;

/** Identifies exactly which bytes a run used: hash of the raw file, its size and shape. */
public record DatasetFingerprint(String sha256, long sizeBytes, long rows, int columns) {}
