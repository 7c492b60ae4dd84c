package io.mlpm.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP Basic against the engine's users, so that the engine REST API, the domain API and the
 * webapps know the same people; the engine's own password check keeps its brute-force delay. The
 * authorities are the user's groups, read at every request (the chains are stateless).
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
    return authenticated(identity, user);
  }

  /** An authenticated token for this user, with the groups the identity service gives now. */
  static UsernamePasswordAuthenticationToken authenticated(IdentityService identity, String user) {
    List<SimpleGrantedAuthority> groups = Groups.of(identity, user).stream().map(SimpleGrantedAuthority::new).toList();
    return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
