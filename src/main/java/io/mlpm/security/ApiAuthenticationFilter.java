package io.mlpm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /api/**} against the engine's users, so the domain API and the engine REST
 * API know the same people: HTTP Basic, or else (for reading only) the session of a person logged
 * in to the Camunda webapps, so pages linked from Tasklist forms open without a second login. The
 * user id is left in the request attribute {@link #USER}.
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {

  public static final String USER = "mlpm.user";
  private final IdentityService identity;
  private final String engineName;
  private final RecentLogins recentLogins = new RecentLogins();

  public ApiAuthenticationFilter(IdentityService identity) {
    this(identity, "default");
  }

  public ApiAuthenticationFilter(IdentityService identity, String engineName) {
    this.identity = identity;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    // Credentials that were sent must be right; only a request without any may use the session.
    String user = header != null ? basicUser(header) : webappSessionUser(request);
    if (user == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"mlpm\"");
      response.setContentType("application/json");
      response.getWriter().write("{\"type\":\"Unauthorized\",\"message\":"
          + "\"Authenticate with HTTP Basic as a user of MLPM Orchestrator.\"}");
      return;
    }
    request.setAttribute(USER, user);
    chain.doFilter(request, response);
  }

  private String basicUser(String header) {
    if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    long now = System.currentTimeMillis();
    if (recentLogins.isFresh(user, password, now)) {
      return user;
    }
    if (!identity.checkPassword(user, password)) {
      return null;
    }
    recentLogins.remember(user, password, now);
    return user;
  }

  /**
   * The user logged in to Tasklist, Cockpit or Admin in this browser. Only for GET and HEAD: a
   * cookie is sent along with requests other sites trigger, so it must never authorize a change
   * (the webapps guard their own changes with a CSRF token, this API does not).
   */
  private String webappSessionUser(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      return null;
    }
    String user = sessionUser(request, engineName);
    // The session may outlive the user (deleted in Admin meanwhile).
    return user != null && identity.createUserQuery().userId(user).count() > 0 ? user : null;
  }

  /** Who is logged in to the Camunda webapps with this request's session, or null. */
  public static String sessionUser(HttpServletRequest request, String engineName) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    Authentication authentication = authentications == null ? null
        : authentications.getAuthenticationForProcessEngine(engineName);
    return authentication == null ? null : authentication.getIdentityId();
  }
}
