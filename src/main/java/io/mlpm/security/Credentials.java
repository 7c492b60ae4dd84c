package io.mlpm.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * A version of a user's credentials: a digest of the stored password hash and salt, so a cached
 * login or a webapp session can tell at once that the password changed or the user is gone.
 */
final class Credentials {

  private Credentials() {}

  /** The version now, or null when the user does not exist. */
  static String version(IdentityService identity, String user) {
    User found = Unrestricted.call(identity, () -> identity.createUserQuery().userId(user).singleResult());
    if (found == null) {
      return null;
    }
    String stored = found instanceof UserEntity entity ? entity.getPassword() + '\n' + entity.getSalt() : "";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(stored.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
