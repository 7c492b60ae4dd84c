package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentLoginsTest {

  @Test
  void aSuccessfulLoginIsRememberedForAShortTimeOnlyWithTheSamePassword() {
    RecentLogins logins = new RecentLogins();
    assertThat(logins.credentials("ann", "secret", 1_000)).isNull();
    logins.remember("ann", "secret", "v1", 1_000);
    assertThat(logins.credentials("ann", "secret", 1_000 + RecentLogins.TTL_MILLIS - 1)).isEqualTo("v1");
    assertThat(logins.credentials("ann", "wrong", 2_000)).isNull();
    assertThat(logins.credentials("bob", "secret", 2_000)).isNull();
    assertThat(logins.credentials("ann", "secret", 1_000 + RecentLogins.TTL_MILLIS)).isNull();
  }

  @Test
  void userAndPasswordCannotBeShiftedIntoEachOther() {
    RecentLogins logins = new RecentLogins();
    logins.remember("ab", "c", "v1", 0);
    assertThat(logins.credentials("a", "bc", 1)).isNull();
  }

  @Test
  void aUserWithoutCredentialsIsNeverRemembered() {
    RecentLogins logins = new RecentLogins();
    logins.remember("gone", "secret", null, 0);
    assertThat(logins.credentials("gone", "secret", 1)).isNull();
  }
}
