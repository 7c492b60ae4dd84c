package io.mlpm.data;

/**
 * A train/test split and what is needed to reproduce it.
 *
 * @param droppedMissingTarget rows left out because their target cell was empty
 */
public record DataSplit(
    Dataset train, Dataset test, long seed, double testRatio, int droppedMissingTarget) {}
