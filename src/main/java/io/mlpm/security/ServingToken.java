package io.mlpm.security;

/** A serving system's token as authenticated: which token, and the one project it may serve. */
public record ServingToken(long id, String projectKey, String name) {

  /** How a token appears as the caller in records ({@code reported_by}, the audit trail). */
  public String principal() {
    return "token:" + id;
  }
}
