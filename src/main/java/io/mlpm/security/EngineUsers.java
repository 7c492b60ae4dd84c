package io.mlpm.security;

import java.util.function.Predicate;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.stereotype.Component;

/**
 * Whether a user id names a business sponsor (an existing user in {@code sponsors} now), asked
 * without the caller's authorizations (a sponsor cannot list users).
 */
@Component
public class EngineUsers implements Predicate<String> {

  private final IdentityService identity;

  public EngineUsers(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public boolean test(String userId) {
    return userId != null && Groups.isMember(identity, userId, Roles.SPONSORS)
        && Unrestricted.call(identity, () -> identity.createUserQuery().userId(userId).count() > 0);
  }
}
