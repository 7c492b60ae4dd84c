package io.mlpm.security;

import java.util.function.Predicate;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Whether a user id exists, asked without the caller's authorizations (a sponsor cannot list users). */
@Component
public class EngineUsers implements Predicate<String> {

  private final IdentityService identity;

  public EngineUsers(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public boolean test(String userId) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return identity.createUserQuery().userId(userId).count() > 0;
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}
