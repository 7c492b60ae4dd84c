package io.mlpm.security;

import java.util.Optional;

/** Looks up a presented token secret (implemented where the tokens are kept). */
public interface ServingTokenAuthenticator {

  /** The live (not revoked) token with this secret, or empty. */
  Optional<ServingToken> authenticate(String secret);
}
