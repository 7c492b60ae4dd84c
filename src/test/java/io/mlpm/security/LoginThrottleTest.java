package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(3, Duration.ofSeconds(1),
      Duration.ofSeconds(30), Duration.ofMinutes(15)));

  @Test
  void theFirstWrongPasswordsCostNothingThenEachWaitsTwiceAsLongUpToTheCap() {
    for (int i = 0; i < 2; i++) {
      throttle.failed("ann", "10.0.0.1", 0);
      assertThat(throttle.waitMillis("ann", "10.0.0.1", 0)).isZero();
    }
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    long now = 0;
    for (long delay : expected) {
      throttle.failed("ann", "10.0.0.1", now);
      assertThat(throttle.waitMillis("ann", "10.0.0.1", now)).isEqualTo(delay);
      now += delay;
      assertThat(throttle.waitMillis("ann", "10.0.0.1", now)).isZero();
    }
  }

  @Test
  void anotherAddressAndAnotherUserAreNotSlowed() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("ann", "10.0.0.1", 0);
    }
    assertThat(throttle.waitMillis("ann", "10.0.0.1", 0)).isPositive();
    assertThat(throttle.waitMillis("ann", "10.0.0.2", 0)).isZero();
    assertThat(throttle.waitMillis("bob", "10.0.0.1", 0)).isZero();
  }

  @Test
  void aSuccessOrAQuietQuarterOfAnHourClearsTheCount() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("ann", "10.0.0.1", 0);
    }
    throttle.succeeded("ann", "10.0.0.1");
    assertThat(throttle.waitMillis("ann", "10.0.0.1", 0)).isZero();
    for (int i = 0; i < 10; i++) {
      throttle.failed("bob", "10.0.0.1", 0);
    }
    long later = Duration.ofMinutes(15).toMillis() + 1;
    assertThat(throttle.waitMillis("bob", "10.0.0.1", later)).isZero();
    throttle.failed("bob", "10.0.0.1", later);
    assertThat(throttle.waitMillis("bob", "10.0.0.1", later)).isZero();
  }
}
