package io.mlpm.data.profile;

/** A feature that alone predicts the target almost perfectly: likely derived from the target. */
public record LeakageSuspect(String column, double score, String measure) {}
