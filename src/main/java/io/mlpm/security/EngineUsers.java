package io.mlpm.security;

import java.util.List;
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

  /** A person to choose from: user id and full name. */
  public record Person(String id, String name) {}

  /** The sponsors, by user id (for the start page's list; a sponsor cannot list users itself). */
  public List<Person> sponsors() {
    return Unrestricted.call(identity, () -> identity.createUserQuery().memberOfGroup(Roles.SPONSORS).orderByUserId()
        .asc().list()).stream().map(u -> new Person(u.getId(), ((u.getFirstName() == null ? "" : u.getFirstName())
            + " " + (u.getLastName() == null ? "" : u.getLastName())).strip())).toList();
  }

  @Override
  public boolean test(String userId) {
    return userId != null && Groups.isMember(identity, userId, Roles.SPONSORS)
        && Unrestricted.call(identity, () -> identity.createUserQuery().userId(userId).count() > 0);
  }
}
