package io.mlpm.data;

/** A parsed dataset together with the fingerprint of the file it came from. */
public record LoadedDataset(Dataset dataset, DatasetFingerprint fingerprint) {}
