package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;

/** The user the API authentication filter let in, for the audit trail. */
public final class CurrentUser {

  private CurrentUser() {}

  public static String of(HttpServletRequest request) {
    Object user = request.getAttribute(ApiAuthenticationFilter.USER);
    return user == null ? null : user.toString();
  }
}
