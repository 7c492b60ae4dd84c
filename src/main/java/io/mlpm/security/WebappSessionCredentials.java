package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.engine.IdentityService;

/**
 * Ends a webapp session whose user was deleted or got a new password: the webapps themselves keep
 * a session for its lifetime (and its groups for minutes). Each session notes the user's
 * {@link Credentials} version at login and compares it at most every {@link #CHECK_MILLIS}.
 */
public final class WebappSessionCredentials {

  /** A session of a deleted or re-passworded user ends within this bound (plus one request). */
  public static final long CHECK_MILLIS = 5_000;
  private static final String ATTRIBUTE = "io.mlpm.credentials";

  private final IdentityService identity;

  public WebappSessionCredentials(IdentityService identity) {
    this.identity = identity;
  }

  /** Notes the credentials of the user who just logged in with this session. */
  void loggedIn(HttpServletRequest request, String user) {
    HttpSession session = request.getSession(false);
    String version = Credentials.version(identity, user);
    if (session != null && version != null) {
      session.setAttribute(ATTRIBUTE, new String[] {user, version, Long.toString(System.currentTimeMillis())});
    }
  }

  /** Whether the request's webapp session may go on; if not, it has been invalidated. */
  public boolean stillValid(HttpServletRequest request) {
    String user = WebappSessions.user(request);
    HttpSession session = request.getSession(false);
    if (user == null || session == null) {
      return true;
    }
    long now = System.currentTimeMillis();
    String[] seen = session.getAttribute(ATTRIBUTE) instanceof String[] s && s.length == 3 ? s : null;
    if (seen != null && seen[0].equals(user) && now - Long.parseLong(seen[2]) < CHECK_MILLIS) {
      return true;
    }
    String version = Credentials.version(identity, user);
    if (version == null || seen != null && seen[0].equals(user) && !seen[1].equals(version)) {
      session.invalidate();
      return false;
    }
    // A session from before this check (or a new user in it): its credentials from now on.
    session.setAttribute(ATTRIBUTE, new String[] {user, version, Long.toString(now)});
    return true;
  }
}
