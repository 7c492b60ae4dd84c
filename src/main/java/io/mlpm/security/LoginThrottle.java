package io.mlpm.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing on every login path (HTTP Basic on /engine-rest and /api, the webapps'
 * login) per user name and client address: after a few wrong passwords, each next attempt from
 * that address must wait a growing, capped delay, during which it is refused unchecked (429). The
 * same user from another address is not affected, and no count ever locks anyone: the engine's
 * own delay and lock are switched off (application.yaml), because they shut the real user out
 * from every client as soon as an attacker knows the name. Kept in memory per node; bounded.
 */
@Component
public class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  private static final int MAX_ENTRIES = 100_000;

  private final LoginThrottleProperties settings;
  /** user + address → [wrong attempts, last wrong at, next attempt allowed at], oldest first. */
  private final Map<String, long[]> attempts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  public LoginThrottle(LoginThrottleProperties settings) {
    this.settings = settings;
  }

  /** Milliseconds this user must still wait before trying from this address, 0 when it may try now. */
  public synchronized long waitMillis(String user, String address, long now) {
    long[] entry = attempts.get(key(user, address));
    if (entry == null) {
      return 0;
    }
    if (now - entry[1] > settings.forgetAfter().toMillis()) {
      attempts.remove(key(user, address));
      return 0;
    }
    return Math.max(0, entry[2] - now);
  }

  public synchronized void failed(String user, String address, long now) {
    long[] entry = attempts.computeIfAbsent(key(user, address), k -> new long[3]);
    if (now - entry[1] > settings.forgetAfter().toMillis()) {
      entry[0] = 0;
    }
    entry[0]++;
    entry[1] = now;
    long over = entry[0] - settings.freeAttempts();
    long delay = over < 0 ? 0 : Math.min(settings.maxDelay().toMillis(),
        settings.firstDelay().toMillis() << Math.min(over, 30));
    entry[2] = now + delay;
    if (delay > 0) {
      LOG.info("Login of '{}' from {}: wrong password {} times; next attempt in {} ms", user, address, entry[0],
          delay);
    }
  }

  public synchronized void succeeded(String user, String address) {
    attempts.remove(key(user, address));
  }

  private static String key(String user, String address) {
    return user + '\n' + address;
  }
}
