package io.mlpm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link EngineRoutes} to every engine REST and webapp API request, with the caller's
 * groups read from the identity service for this request (the webapps cache them for minutes).
 */
class EngineRouteGuard extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(EngineRouteGuard.class);
  private final IdentityService identity;
  private final boolean demo;

  EngineRouteGuard(IdentityService identity, boolean demo) {
    this.identity = identity;
    this.demo = demo;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String user = user(request, path);
    // Read once, and only when the route list needs them (reads are decided without).
    Supplier<Set<String>> lookup = SingletonSupplier.of(
        () -> user == null ? Set.<String>of() : new HashSet<>(Groups.of(identity, user)));
    EngineRoutes.Verdict verdict = EngineRoutes.decide(request.getMethod(), path, user, lookup, demo);
    if (verdict.allowed()) {
      chain.doFilter(request, response);
      return;
    }
    LOG.info("Refused {} {} for {} (groups {}): {}", request.getMethod(), path, user, lookup.get(), verdict.reason());
    WebSecurityConfiguration.error(response, verdict.status(),
        verdict.status() == 401 ? "Unauthorized" : "AuthorizationException", verdict.reason());
  }

  /** Engine REST callers were authenticated by Spring Security; webapp callers by their session. */
  private static String user(HttpServletRequest request, String path) {
    if (path.startsWith("/engine-rest")) {
      Principal principal = request.getUserPrincipal();
      return principal == null ? null : principal.getName();
    }
    return WebappSessions.user(request);
  }
}
