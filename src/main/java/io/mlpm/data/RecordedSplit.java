package io.mlpm.data;

/** A split as recorded by the preparation pass: its id, the file's fingerprint, the plan and the counts. */
public record RecordedSplit(long splitId, String datasetSha256, PreparationPlan plan, SplitCuts cuts,
    SplitCounts counts) {

  public long seed() {
    return plan.seed();
  }
}
