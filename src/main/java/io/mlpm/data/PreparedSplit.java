package io.mlpm.data;

/** A recorded preparation, rebuilt from the dataset file, its fingerprint and the plan. */
public record PreparedSplit(long splitId, String datasetSha256, PreparedData data) {

  public long seed() {
    return data.plan().seed();
  }
}
