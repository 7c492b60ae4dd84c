package io.mlpm.web;

/** Answered with the matching HTTP status and a JSON {@link ApiError}. */
public class GoneException extends RuntimeException {

  public GoneException(String message) {
    super(message);
  }
}
