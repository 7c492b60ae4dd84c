package io.mlpm.security;

import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Runs engine lookups without the caller's authorizations (a sponsor may not list users or other
 * projects' instances), then puts the caller's authentication back. Only for checks whose answer
 * the caller would learn anyway; what the caller may do is still checked by the engine itself.
 */
public final class Unrestricted {

  private Unrestricted() {}

  public static <T> T call(IdentityService identity, Supplier<T> lookup) {
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return lookup.get();
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }
}
