package io.mlpm.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;

/**
 * Adds one permission to a group's or user's grant on one resource, once (idempotent at every
 * start); answers whether it had to.
 */
public final class Grants {

  private Grants() {}

  public static boolean toGroup(AuthorizationService authorizations, String group, Resource resource, String resourceId,
      Permission permission) {
    return grant(authorizations, group, null, resource, resourceId, permission);
  }

  public static boolean toUser(AuthorizationService authorizations, String user, Resource resource, String resourceId,
      Permission permission) {
    return grant(authorizations, null, user, resource, resourceId, permission);
  }

  private static boolean grant(AuthorizationService authorizations, String group, String user, Resource resource,
      String resourceId, Permission permission) {
    var query = authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .resourceType(resource).resourceId(resourceId);
    query = group != null ? query.groupIdIn(group) : query.userIdIn(user);
    Authorization existing = query.list().stream().findFirst().orElse(null);
    if (existing != null && existing.isPermissionGranted(permission)) {
      return false;
    }
    Authorization auth = existing != null ? existing : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    if (group != null) {
      auth.setGroupId(group);
    } else {
      auth.setUserId(user);
    }
    auth.setResource(resource);
    auth.setResourceId(resourceId);
    auth.addPermission(permission);
    authorizations.saveAuthorization(auth);
    return true;
  }
}
