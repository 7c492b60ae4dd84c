package io.mlpm.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How wrong passwords are slowed ({@code mlpm.security.login-throttle.*}): per user name and
 * client address, the first {@code freeAttempts} cost nothing, then each waits twice as long as
 * the one before, from {@code firstDelay} up to {@code maxDelay}; a quiet {@code forgetAfter}
 * clears the count. Nothing ever locks a user.
 */
@ConfigurationProperties(prefix = "mlpm.security.login-throttle")
public record LoginThrottleProperties(int freeAttempts, Duration firstDelay, Duration maxDelay,
    Duration forgetAfter) {

  public LoginThrottleProperties {
    freeAttempts = freeAttempts <= 0 ? 3 : freeAttempts;
    firstDelay = firstDelay == null ? Duration.ofSeconds(1) : firstDelay;
    maxDelay = maxDelay == null ? Duration.ofSeconds(30) : maxDelay;
    forgetAfter = forgetAfter == null ? Duration.ofMinutes(15) : forgetAfter;
  }
}
