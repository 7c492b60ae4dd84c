package io.mlpm.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;

/** Who is logged in to the Camunda webapps (Tasklist, Cockpit, Admin) with a request's session. */
public final class WebappSessions {

  public static final String ENGINE = "default";

  private WebappSessions() {}

  /** The user id, or null; the session may outlive the user, so callers check that it still exists. */
  public static String user(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    Authentication authentication = authentications == null ? null
        : authentications.getAuthenticationForProcessEngine(ENGINE);
    return authentication == null ? null : authentication.getIdentityId();
  }
}
