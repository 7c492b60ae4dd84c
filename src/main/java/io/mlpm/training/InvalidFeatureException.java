package io.mlpm.training;

/** A row given for prediction that lacks a feature column or holds an unusable value. */
public class InvalidFeatureException extends IllegalArgumentException {

  private final int rowIndex;
  private final String column;

  public InvalidFeatureException(int rowIndex, String column, String problem) {
    super("Row " + rowIndex + ", column '" + column + "': " + problem);
    this.rowIndex = rowIndex;
    this.column = column;
  }

  /** 0-based index of the row in the request. */
  public int rowIndex() {
    return rowIndex;
  }

  public String column() {
    return column;
  }
}
