package io.mlpm.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request authenticated by a serving token: no user, no groups, one project. */
public final class ServingTokenAuthentication extends AbstractAuthenticationToken {

  private final ServingToken token;

  ServingTokenAuthentication(ServingToken token) {
    super(List.of());
    this.token = token;
    setAuthenticated(true);
  }

  public ServingToken token() {
    return token;
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return token.principal();
  }

  @Override
  public String getName() {
    return token.principal();
  }
}
