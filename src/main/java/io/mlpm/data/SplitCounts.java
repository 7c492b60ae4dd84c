package io.mlpm.data;

/**
 * What the preparation pass counted: rows in each part, duplicates removed, rows without a target
 * dropped, and rows kept without a duplicate check because the exact check was full.
 */
public record SplitCounts(long train, long validation, long test, long duplicatesRemoved, long droppedMissingTarget,
    long uncheckedRows) {}
