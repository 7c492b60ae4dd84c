package io.mlpm.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * HTTP Basic against the engine's users, so that the engine REST API, the domain API and the
 * webapps know the same people. Wrong passwords are slowed per user and address by
 * {@link LoginThrottle}; a remembered success counts only while the user's credentials are
 * unchanged ({@link RecentLogins}). Groups are not carried in the token: whoever needs them asks
 * the identity service at that moment ({@link CallerGroups}, Camunda's REST filter).
 *
 * <p>Deliberately not an {@link AuthenticationProvider} bean: Spring would also put it in the
 * global authentication manager, which tries again after a failure and so counts every wrong
 * password twice. The chains use {@link #provider()}.
 */
public class EngineAuthenticationProvider {

  private final IdentityService identity;
  private final LoginThrottle throttle;
  private final RecentLogins recentLogins = new RecentLogins();

  public EngineAuthenticationProvider(IdentityService identity, LoginThrottle throttle) {
    this.identity = identity;
    this.throttle = throttle;
  }

  /** The provider for one security chain; all share this object's cache and throttle. */
  public AuthenticationProvider provider() {
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        return EngineAuthenticationProvider.this.authenticate(authentication);
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
      }
    };
  }

  Authentication authenticate(Authentication authentication) {
    String user = authentication.getName();
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    if (user.isEmpty()) {
      throw new BadCredentialsException("Wrong user name or password.");
    }
    String address = authentication.getDetails() instanceof WebAuthenticationDetails details
        ? details.getRemoteAddress() : "unknown";
    long now = System.currentTimeMillis();
    long wait = throttle.waitMillis(user, address, now);
    if (wait > 0) {
      throw new LoginThrottledException(wait);
    }
    // Read before the check: a password changed in between leaves a stale version, never a wrong one.
    String credentials = Credentials.version(identity, user);
    String remembered = recentLogins.credentials(user, password, now);
    if (remembered != null && remembered.equals(credentials)) {
      return authenticated(user);
    }
    if (credentials == null || !identity.checkPassword(user, password)) {
      throttle.failed(user, address, now);
      throw new BadCredentialsException("Wrong user name or password.");
    }
    throttle.succeeded(user, address);
    recentLogins.remember(user, password, credentials, now);
    return authenticated(user);
  }

  static UsernamePasswordAuthenticationToken authenticated(String user) {
    return UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
  }
}
