package io.mlpm.web;

/** Answered with the matching HTTP status and a JSON {@link ApiError}. */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
