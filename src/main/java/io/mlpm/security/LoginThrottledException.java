package io.mlpm.security;

import org.springframework.security.core.AuthenticationException;

/** A login refused unchecked because its user and address must still wait (HTTP 429). */
public class LoginThrottledException extends AuthenticationException {

  private final long waitMillis;

  public LoginThrottledException(long waitMillis) {
    super("Too many wrong passwords for this user from this address; try again in " + seconds(waitMillis) + " s.");
    this.waitMillis = waitMillis;
  }

  public long retryAfterSeconds() {
    return seconds(waitMillis);
  }

  static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
