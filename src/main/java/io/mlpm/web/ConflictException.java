package io.mlpm.web;

/** Answered with the matching HTTP status and a JSON {@link ApiError}. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
