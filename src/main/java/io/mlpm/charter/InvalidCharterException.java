package io.mlpm.charter;

/** A charter that cannot start a project; the message names the offending variable. */
public class InvalidCharterException extends IllegalArgumentException {

  private final String variable;

  public InvalidCharterException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
