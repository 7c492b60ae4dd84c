package io.mlpm.process.engine;

import io.mlpm.notification.Directory;
import io.mlpm.security.Unrestricted;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.stereotype.Component;

/** People's e-mail addresses from the engine's identity service, read as the system (no caller's rights). */
@Component
public class EngineDirectory implements Directory {

  private static final int MAX_PER_GROUP = 1000;
  private final IdentityService identity;

  public EngineDirectory(IdentityService identity) {
    this.identity = identity;
  }

  @Override
  public Set<String> addresses(Collection<String> groups, Collection<String> users) {
    Set<String> addresses = new LinkedHashSet<>();
    Unrestricted.call(identity, () -> {
      for (String group : groups) {
        identity.createUserQuery().memberOfGroup(group).orderByUserId().asc().listPage(0, MAX_PER_GROUP)
            .forEach(u -> add(addresses, u));
      }
      for (String user : users) {
        User u = identity.createUserQuery().userId(user).singleResult();
        if (u != null) {
          add(addresses, u);
        }
      }
      return null;
    });
    return addresses;
  }

  private static void add(Set<String> addresses, User u) {
    String email = u.getEmail();
    if (email != null && email.indexOf('@') > 0 && email.length() <= 254 && email.chars().noneMatch(c -> c <= 0x20 || c == 0x7f)) {
      addresses.add(email.toLowerCase(java.util.Locale.ROOT));
    }
  }
}
