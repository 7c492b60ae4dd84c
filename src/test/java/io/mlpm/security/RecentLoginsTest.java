package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentLoginsTest {

  @Test
  void aSuccessfulLoginIsRememberedForAShortTimeOnlyWithTheSamePassword() {
    RecentLogins logins = new RecentLogins();
    assertThat(logins.isFresh("ann", "secret", 1_000)).isFalse();
    logins.remember("ann", "secret", 1_000);
    assertThat(logins.isFresh("ann", "secret", 1_000 + RecentLogins.TTL_MILLIS - 1)).isTrue();
    assertThat(logins.isFresh("ann", "wrong", 2_000)).isFalse();
    assertThat(logins.isFresh("bob", "secret", 2_000)).isFalse();
    assertThat(logins.isFresh("ann", "secret", 1_000 + RecentLogins.TTL_MILLIS)).isFalse();
  }

  @Test
  void userAndPasswordCannotBeShiftedIntoEachOther() {
    RecentLogins logins = new RecentLogins();
    logins.remember("ab", "c", 0);
    assertThat(logins.isFresh("a", "bc", 1)).isFalse();
  }
}
