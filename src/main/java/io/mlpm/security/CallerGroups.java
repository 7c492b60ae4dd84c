package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/** Whether the caller of a domain API request is in a group, asked of the identity service now. */
@Component
public class CallerGroups {

  private final IdentityService identity;

  public CallerGroups(IdentityService identity) {
    this.identity = identity;
  }

  public boolean isIn(HttpServletRequest request, String group) {
    return Groups.isMember(identity, CurrentUser.of(request), group);
  }
}
