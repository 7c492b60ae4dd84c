package io.mlpm.data;

/** A CSV file that cannot be read as a table; the message is meant for a data steward. */
public class DatasetFormatException extends RuntimeException {

  private final long line;

  public DatasetFormatException(String message, long line) {
    super(message);
    this.line = line;
  }

  public DatasetFormatException(String message, long line, Throwable cause) {
    super(message, cause);
    this.line = line;
  }

  /** The 1-based line of the problem, 0 when it concerns the file as a whole. */
  public long line() {
    return line;
  }
}
