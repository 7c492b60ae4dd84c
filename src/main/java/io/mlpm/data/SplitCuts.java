package io.mlpm.data;

import java.util.List;

/**
 * Where a recorded split cuts each stratum (a target class, or the whole file for regression):
 * a row's position is the first 64 bits of its seeded identity ({@link RowIdentity}), read as an
 * unsigned number; below {@code testBelow} it is a test row, below {@code validationBelow} a
 * validation row, else a training row. With the plan and the file this rebuilds the split in one
 * streaming pass, the same on every node.
 *
 * @param distinctRowLimit how many distinct rows the duplicate check held exactly; 0 when there was
 *     no check and repeated rows were kept ({@link StreamingSplit#KEEP_DUPLICATES})
 * @param frozenAtRow the data row (counted from 1, rows without target included) whose addition
 *     filled the duplicate check, after which rows were only looked up; null when it never filled
 * @param strata the strata by label, in the order they were first seen
 * @param otherClasses the one stratum of the classes beyond {@link StreamingSplit#MAX_STRATA}, or null
 */
public record SplitCuts(int distinctRowLimit, Long frozenAtRow, List<Stratum> strata, Stratum otherClasses) {

  public SplitCuts {
    strata = List.copyOf(strata);
  }

  /** Whether repeated rows were kept (no duplicate check). */
  public boolean keptDuplicates() {
    return distinctRowLimit == StreamingSplit.KEEP_DUPLICATES;
  }

  /**
   * @param label the class, or null for a regression's single stratum and for the other classes
   * @param rows the stratum's rows after duplicates and rows without target were removed
   * @param exact true when the cuts were placed on the stratum's own positions (its share in each
   *     part is exact to the row), false when they sit at the ratios (binomial; only for large strata)
   */
  public record Stratum(String label, long rows, long testRows, long validationRows, long testBelow,
      long validationBelow, boolean exact) {

    public Part part(long position) {
      if (Long.compareUnsigned(position, testBelow) < 0) {
        return Part.TEST;
      }
      return Long.compareUnsigned(position, validationBelow) < 0 ? Part.VALIDATION : Part.TRAIN;
    }
  }
}
