package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who calls a domain API request: a user and their groups (asked of the identity service now), or
 * a serving token, which has no groups.
 */
@Component
public class CallerGroups {

  private final IdentityService identity;

  public CallerGroups(IdentityService identity) {
    this.identity = identity;
  }

  public boolean isIn(HttpServletRequest request, String group) {
    return token().isEmpty() && Groups.isMember(identity, CurrentUser.of(request), group);
  }

  /** The caller's groups now; none for a token. */
  public List<String> groups(HttpServletRequest request) {
    String user = CurrentUser.of(request);
    return token().isPresent() || user == null ? List.of() : Groups.of(identity, user);
  }

  /** The serving token the request was authenticated with, if it was. */
  public Optional<ServingToken> token() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof ServingTokenAuthentication t
        ? Optional.of(t.token()) : Optional.empty();
  }
}
