package io.mlpm.web;

/** Answered with the matching HTTP status and a JSON {@link ApiError}. */
public class ForbiddenException extends RuntimeException {

  public ForbiddenException(String message) {
    super(message);
  }
}
