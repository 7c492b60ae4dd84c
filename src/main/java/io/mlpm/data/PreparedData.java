package io.mlpm.data;

/** The prepared dataset: training, validation and test rows, and what preparation removed. */
public record PreparedData(PreparationPlan plan, Dataset train, Dataset validation, Dataset test,
    int droppedMissingTarget, int duplicatesRemoved) {

  /** The rows of one part. */
  public Dataset of(Part part) {
    return switch (part) {
      case TRAIN -> train;
      case VALIDATION -> validation;
      case TEST -> test;
    };
  }
}
