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

  /**
   * The webapps' CSRF token of the request's session, or null before the webapps handed one out: a
   * page of this application served with the webapp session changes things through the webapps'
   * API with it (a cross-site page cannot read it). Sending none makes Camunda end the session.
   */
  public static String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object token = session == null ? null
        : session.getAttribute(org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME);
    return token instanceof String s ? s : null;
  }

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
