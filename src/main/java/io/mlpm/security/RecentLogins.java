package io.mlpm.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers successful HTTP Basic checks for a short time, so a busy API client does not pay the
 * engine's salted password hash on every request. Only successes are kept, keyed by a SHA-256 of
 * user and password, each with the user's {@link Credentials} version then: a hit counts only
 * while that version is still current, so a changed password or a deleted user stops working on
 * the next request.
 */
final class RecentLogins {

  static final long TTL_MILLIS = 30_000;
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(long until, String credentials) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** The credentials version remembered with this user and password, or null if none is fresh. */
  String credentials(String user, String password, long now) {
    Entry entry = entries.get(key(user, password));
    return entry != null && entry.until() > now ? entry.credentials() : null;
  }

  void remember(String user, String password, String credentials, long now) {
    if (credentials == null) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        if (it.next().until() <= now) {
          it.remove();
        }
      }
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(key(user, password), new Entry(now + TTL_MILLIS, credentials));
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
