package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Password guessing through real HTTP from two client addresses on the loopback range: slowed
 * per user and address on every login path, never a lock-out; and credentials changes that take
 * effect at once (Basic) or within {@link WebappSessionCredentials#CHECK_MILLIS} (webapp sessions).
 * The delays are shortened (first 200 ms, at most 400 ms) so the test can wait them out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LoginThrottleIT {

  private static final long MAX_DELAY = 400;

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  IdentityService identity;

  @Autowired
  org.springframework.context.ApplicationContext context;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
    registry.add("mlpm.security.login-throttle.first-delay", () -> "200ms");
    registry.add("mlpm.security.login-throttle.max-delay", () -> MAX_DELAY + "ms");
  }

  private LoopbackClient attacker() {
    return new LoopbackClient("127.0.0.2", port);
  }

  private LoopbackClient user() {
    return new LoopbackClient("127.0.0.1", port);
  }

  /** As Tasklist logs in: its page first (session cookie and CSRF token), then the form. */
  private LoopbackClient.Answer login(LoopbackClient client, String user, String password) throws Exception {
    LoopbackClient.Answer page = client.get("/camunda/app/tasklist/default/", null);
    String cookie = page.cookies();
    return client.send("POST", "/camunda/api/admin/auth/user/default/login/tasklist", Map.of(
        "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie,
        "X-XSRF-TOKEN", page.header("X-XSRF-TOKEN"),
        "Referer", "http://localhost:" + port + "/camunda/app/tasklist/default/"),
        "username=" + user + "&password=" + password);
  }

  /** The headers that carry a logged-in session: its cookie (renewed at login) and CSRF token. */
  private static Map<String, String> session(LoopbackClient.Answer login, String cookieBefore) {
    return Map.of("Cookie", login.cookies() == null ? cookieBefore : login.cookies());
  }

  @Test
  void noLoginButTheEnginesUsersExists() {
    assertThat(context.getBeansOfType(org.springframework.security.core.userdetails.UserDetailsService.class))
        .isEmpty();
  }

  @Test
  void wrongPasswordsAreSlowedPerAddressAndNeverLockTheUserOut() throws Exception {
    String path = "/engine-rest/task?maxResults=1";
    String wrong = LoopbackClient.basic("scientist", "guess");
    String right = LoopbackClient.basic("scientist", "demo");
    for (int i = 0; i < 3; i++) {
      assertThat(attacker().get(path, wrong).status()).isEqualTo(401);
    }
    LoopbackClient.Answer slowed = attacker().get(path, wrong);
    assertThat(slowed.status()).isEqualTo(429);
    assertThat(slowed.header("Retry-After")).isEqualTo("1");
    assertThat(slowed.body()).contains("TooManyLoginAttempts", "try again in");
    // During the delay even the right password is refused from the attacker's address, unchecked ...
    assertThat(attacker().get(path, right).status()).isEqualTo(429);
    // ... and a forwarded-for header from a client that is no trusted proxy changes nothing.
    assertThat(attacker().send("GET", path, Map.of("Authorization", wrong, "X-Forwarded-For", "10.9.9.9"), null)
        .status()).isEqualTo(429);
    // The real user on another address keeps working, on both APIs.
    assertThat(user().get(path, right).status()).isEqualTo(200);
    assertThat(user().get("/api/policies", LoopbackClient.basic("admin", "demo")).status()).isEqualTo(200);

    // Twelve more wrong passwords, each just past its delay: the engine would have locked the
    // user for good after ten.
    for (int i = 0; i < 12; i++) {
      Thread.sleep(MAX_DELAY + 50);
      assertThat(attacker().get(path, wrong).status()).as("attempt " + i).isEqualTo(401);
    }
    assertThat(user().get("/api/projects/none", right).status()).isEqualTo(404);
    Thread.sleep(MAX_DELAY + 50);
    assertThat(attacker().get(path, right).status()).isEqualTo(200);
    User scientist = identity.createUserQuery().userId("scientist").singleResult();
    java.util.Date lock = ((org.camunda.bpm.engine.impl.persistence.entity.UserEntity) scientist)
        .getLockExpirationTime();
    assertThat(lock == null || !lock.after(new java.util.Date())).as("engine lock until " + lock).isTrue();
  }

  @Test
  void theWebappLoginIsSlowedTheSameWayAndTheRightAddressStillLogsIn() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(login(attacker(), "steward2", "guess").status()).isEqualTo(401);
    }
    LoopbackClient.Answer slowed = login(attacker(), "steward2", "demo");
    assertThat(slowed.status()).isEqualTo(429);
    assertThat(slowed.body()).contains("try again in");
    // Basic for the same user and address is slowed too: one count for every login path.
    assertThat(attacker().get("/engine-rest/task", LoopbackClient.basic("steward2", "demo")).status())
        .isEqualTo(429);
    assertThat(login(user(), "steward2", "demo").status()).isEqualTo(200);
    Thread.sleep(MAX_DELAY + 50);
    assertThat(login(attacker(), "steward2", "demo").status()).isEqualTo(200);
  }

  @Test
  void aChangedPasswordOrARemovedUserStopsWorkingOnBasicAtOnce() throws Exception {
    newUser("temp-basic", "first-secret");
    String path = "/engine-rest/task?maxResults=1";
    String first = LoopbackClient.basic("temp-basic", "first-secret");
    assertThat(user().get(path, first).status()).isEqualTo(200);
    assertThat(user().get(path, first).status()).isEqualTo(200);
    User temp = identity.createUserQuery().userId("temp-basic").singleResult();
    temp.setPassword("second-secret");
    identity.saveUser(temp);
    assertThat(user().get(path, first).status()).isEqualTo(401);
    assertThat(user().get("/api/policies", first).status()).isEqualTo(401);
    String second = LoopbackClient.basic("temp-basic", "second-secret");
    assertThat(user().get(path, second).status()).isEqualTo(200);
    identity.deleteUser("temp-basic");
    assertThat(user().get(path, second).status()).isEqualTo(401);
  }

  @Test
  void theWebappSessionOfAChangedUserEndsWithinTheDocumentedBound() throws Exception {
    newUser("temp-session", "first-secret");
    LoopbackClient.Answer login = login(user(), "temp-session", "first-secret");
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    Map<String, String> session = session(login, null);
    String tasks = "/camunda/api/engine/engine/default/task/count";
    assertThat(user().send("GET", tasks, session, null).status()).isEqualTo(200);

    User temp = identity.createUserQuery().userId("temp-session").singleResult();
    temp.setPassword("second-secret");
    identity.saveUser(temp);
    long changed = System.currentTimeMillis();
    int status = 200;
    while (status == 200 && System.currentTimeMillis() - changed < WebappSessionCredentials.CHECK_MILLIS + 2_000) {
      Thread.sleep(250);
      status = user().send("GET", tasks, session, null).status();
    }
    assertThat(status).isEqualTo(401);
    assertThat(System.currentTimeMillis() - changed).isLessThan(WebappSessionCredentials.CHECK_MILLIS + 1_000);
    // The session is gone, not just refused once.
    assertThat(user().send("GET", tasks, session, null).status()).isEqualTo(401);
  }

  private void newUser(String id, String password) {
    User user = identity.newUser(id);
    user.setFirstName("Temp");
    user.setLastName("User");
    user.setPassword(password);
    identity.saveUser(user);
    identity.createMembership(id, "data-scientists");
    identity.createMembership(id, "camunda-admin");
  }
}
