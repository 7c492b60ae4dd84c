package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** The user Spring Security let in (HTTP Basic or the webapp session), for records. */
public final class CurrentUser {

  private CurrentUser() {}

  public static String of(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }
}
