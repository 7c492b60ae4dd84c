package io.mlpm.data;

/**
 * What the preparation pass counted: rows in each part, duplicates removed, rows without a target
 * dropped, and rows kept without a duplicate check because the exact check was full.
 */
public record SplitCounts(long train, long validation, long test, long duplicatesRemoved, long droppedMissingTarget,
    long uncheckedRows) {

  /** The rows in the part. */
  public long of(Part part) {
    return switch (part) {
      case TRAIN -> train;
      case VALIDATION -> validation;
      case TEST -> test;
    };
  }
}
