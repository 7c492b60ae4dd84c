package io.mlpm.web;

/** Answered with the matching HTTP status and a JSON {@link ApiError}. */
public class BadRequestException extends RuntimeException {

  public BadRequestException(String message) {
    super(message);
  }
}
