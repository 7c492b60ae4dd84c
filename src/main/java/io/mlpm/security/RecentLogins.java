package io.mlpm.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful HTTP Basic checks for a short time, so a busy API client does not pay the
 * engine's salted password hash and user lookup on every request. Only successes are kept (failed
 * logins always reach the engine and its lockout), keyed by a SHA-256 of user and password, and
 * a changed or removed password stops working after at most {@link #TTL_MILLIS}.
 */
final class RecentLogins {

  static final long TTL_MILLIS = 30_000;
  private static final int MAX_ENTRIES = 10_000;
  private final Map<String, Long> expiry = new ConcurrentHashMap<>();

  boolean isFresh(String user, String password, long now) {
    Long until = expiry.get(key(user, password));
    return until != null && until > now;
  }

  void remember(String user, String password, long now) {
    if (expiry.size() >= MAX_ENTRIES) {
      for (Iterator<Long> it = expiry.values().iterator(); it.hasNext(); ) {
        if (it.next() <= now) {
          it.remove();
        }
      }
      if (expiry.size() >= MAX_ENTRIES) {
        expiry.clear();
      }
    }
    expiry.put(key(user, password), now + TTL_MILLIS);
  }

  private static String key(String user, String password) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(user.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(password.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
