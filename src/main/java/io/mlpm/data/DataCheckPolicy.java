package io.mlpm.data;

/**
 * Limits the data checks apply.
 *
 * @param minRows fewest data rows worth training on
 * @param maxMissingRatio largest share of empty cells allowed in a column (0..1)
 * @param maxDuplicateRatio largest share of rows that repeat an earlier row (0..1)
 */
public record DataCheckPolicy(int minRows, double maxMissingRatio, double maxDuplicateRatio) {

  public static DataCheckPolicy defaults() {
    return new DataCheckPolicy(30, 0.2, 0.1);
  }
}
