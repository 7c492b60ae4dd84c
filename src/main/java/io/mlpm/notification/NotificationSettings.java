package io.mlpm.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mlpm.notifications.*} (see application.yaml and the README). Off by default: nothing is
 * written to the outbox and nothing is sent. E-mail also needs {@code spring.mail.host}.
 *
 * @param enabled       whether events are recorded and sent at all
 * @param from          the sender address of every e-mail
 * @param baseUrl       how people reach this application, for the links in messages
 * @param pollInterval  how often the sending node looks for new events and due retries
 * @param maxAttempts   attempts per delivery before it is given up (and shown as FAILED in the log)
 * @param retryDelay    the wait after the first failed attempt; it doubles after each, up to {@code maxRetryDelay}
 * @param maxRetryDelay the longest wait between two attempts
 * @param webhookTimeout how long a webhook receiver may take to answer
 * @param retention     how long sent and given-up deliveries (and their events) stay in the log
 */
@ConfigurationProperties(prefix = "mlpm.notifications")
public record NotificationSettings(boolean enabled, String from, String baseUrl, Duration pollInterval,
    int maxAttempts, Duration retryDelay, Duration maxRetryDelay, Duration webhookTimeout, Duration retention) {

  public NotificationSettings {
    from = from == null || from.isBlank() ? "mlpm@localhost" : from.strip();
    baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.strip().replaceAll("/+$", "");
    pollInterval = positive(pollInterval, Duration.ofSeconds(5));
    maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
    retryDelay = positive(retryDelay, Duration.ofSeconds(30));
    maxRetryDelay = positive(maxRetryDelay, Duration.ofHours(1));
    webhookTimeout = positive(webhookTimeout, Duration.ofSeconds(10));
    retention = positive(retention, Duration.ofDays(30));
  }

  /** The wait before attempt {@code attempts + 1}, after {@code attempts} failed ones. */
  Duration backoff(int attempts) {
    Duration d = retryDelay.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
    return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
  }

  private static Duration positive(Duration d, Duration otherwise) {
    return d == null || d.isNegative() || d.isZero() ? otherwise : d;
  }
}
