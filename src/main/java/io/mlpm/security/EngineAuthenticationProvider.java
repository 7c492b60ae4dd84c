package io.mlpm.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * HTTP Basic against the engine's users, so that the engine REST API, the domain API and the
 * webapps know the same people; the engine's own password check keeps its brute-force delay.
 * Groups are not carried in the token: whoever needs them asks the identity service at that moment
 * ({@link CallerGroups}, Camunda's REST filter), and a request that needs none pays no lookup.
 */
public class EngineAuthenticationProvider implements AuthenticationProvider {

  private final IdentityService identity;
  private final RecentLogins recentLogins = new RecentLogins();

  public EngineAuthenticationProvider(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String user = authentication.getName();
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    long now = System.currentTimeMillis();
    if (user.isEmpty() || (!recentLogins.isFresh(user, password, now) && !identity.checkPassword(user, password))) {
      throw new BadCredentialsException("Wrong user name or password.");
    }
    recentLogins.remember(user, password, now);
    return authenticated(user);
  }

  static UsernamePasswordAuthenticationToken authenticated(String user) {
    return UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
