package io.mlpm.security;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;

/** A user's groups as the identity service knows them at this moment (never a cached copy). */
public final class Groups {

  private Groups() {}

  public static List<String> of(IdentityService identity, String user) {
    return Unrestricted.call(identity,
        () -> identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList());
  }

  public static boolean isMember(IdentityService identity, String user, String group) {
    return user != null && Unrestricted.call(identity,
        () -> identity.createGroupQuery().groupMember(user).groupId(group).count() > 0);
  }
}
