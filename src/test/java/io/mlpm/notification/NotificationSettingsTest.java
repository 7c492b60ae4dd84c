package io.mlpm.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotificationSettingsTest {

  @Test
  void theWaitAfterAFailureDoublesUpToItsCap() {
    NotificationSettings s = new NotificationSettings(true, null, "http://mlpm.example.org/", null, 0,
        Duration.ofSeconds(30), Duration.ofMinutes(5), null, null);
    assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.backoff(4)).isEqualTo(Duration.ofSeconds(240));
    assertThat(s.backoff(5)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.backoff(60)).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.baseUrl()).isEqualTo("http://mlpm.example.org");
    assertThat(s.maxAttempts()).isEqualTo(8);
    assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void theSignatureIsHmacSha256OfTheBody() {
    // RFC 4231, test case 2.
    assertThat(WebhookSender.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
