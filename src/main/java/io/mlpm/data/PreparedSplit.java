package io.mlpm.data;

/**
 * A recorded preparation, rebuilt from the dataset file, its fingerprint and the plan.
 *
 * @param data the rows rebuilt: the parts asked for, each a seeded sample where the part has more
 *     rows than a step may hold ({@code mlpm.datasets.max-*-rows})
 * @param counts the split's own counts, of all its rows
 */
public record PreparedSplit(long splitId, String datasetSha256, PreparedData data, SplitCounts counts) {

  public long seed() {
    return data.plan().seed();
  }

  /**
   * "250,000 of 6,399,805 training rows (a seeded sample)" or "all 1,200 training rows": how much
   * of the part the rebuilt data holds.
   */
  public String held(Part part) {
    long of = rowsOf(part);
    int held = data.of(part).size();
    String name = switch (part) {
      case TRAIN -> "training";
      case VALIDATION -> "validation";
      case TEST -> "test";
    };
    return held == of ? String.format(java.util.Locale.ROOT, "all %,d %s rows", of, name)
        : String.format(java.util.Locale.ROOT, "%,d of %,d %s rows (a seeded sample)", held, of, name);
  }

  /** How many rows of the part the split has (the rebuilt data may hold a sample of them). */
  public long rowsOf(Part part) {
    return counts.of(part);
  }
}
