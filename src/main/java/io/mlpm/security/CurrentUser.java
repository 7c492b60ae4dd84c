package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The user Spring Security let in (HTTP Basic or the webapp session), for records and role checks. */
public final class CurrentUser {

  private CurrentUser() {}

  public static String of(HttpServletRequest request) {
    Principal principal = request.getUserPrincipal();
    return principal == null ? null : principal.getName();
  }

  /** Whether the caller is in this group, as the identity service said for this request. */
  public static boolean isIn(HttpServletRequest request, String group) {
    return request.getUserPrincipal() instanceof Authentication authentication
        && authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(group::equals);
  }
}
