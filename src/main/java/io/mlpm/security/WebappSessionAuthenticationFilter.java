package io.mlpm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a person logged in to Tasklist open the pages its forms link to (data report, model card)
 * without a second login: a GET or HEAD with no credentials of its own is authenticated by the
 * webapp session. Never for other methods: the cookie is also sent with requests other sites
 * trigger, and this API has no CSRF token (the webapps guard their own changes with theirs).
 */
public class WebappSessionAuthenticationFilter extends OncePerRequestFilter {

  private final IdentityService identity;
  private final WebappSessionCredentials sessions;

  public WebappSessionAuthenticationFilter(IdentityService identity, WebappSessionCredentials sessions) {
    this.identity = identity;
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    if (read && request.getHeader("Authorization") == null
        && SecurityContextHolder.getContext().getAuthentication() == null) {
      String user = WebappSessions.user(request);
      // The session may outlive the user (deleted in Admin meanwhile) or their password.
      if (user != null && sessions.stillValid(request)
          && Unrestricted.call(identity, () -> identity.createUserQuery().userId(user).count() > 0)) {
        SecurityContextHolder.getContext().setAuthentication(EngineAuthenticationProvider.authenticated(user));
      }
    }
    chain.doFilter(request, response);
  }
}
