package io.mlpm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The webapps' own login ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) under the
 * same {@link LoginThrottle} as HTTP Basic, and every later webapp request checked by
 * {@link WebappSessionCredentials}: a deleted or re-passworded user's session ends.
 */
public class WebappLoginFilter extends OncePerRequestFilter {

  private static final Pattern LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login/[^/]+");
  private static final int MAX_LOGIN_BODY = 8 * 1024;

  private final LoginThrottle throttle;
  private final WebappSessionCredentials sessions;

  public WebappLoginFilter(LoginThrottle throttle, WebappSessionCredentials sessions) {
    this.throttle = throttle;
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!"POST".equals(request.getMethod()) || !LOGIN.matcher(path).matches()) {
      if (!sessions.stillValid(request)) {
        WebSecurityConfiguration.error(response, 401, "Unauthorized", "Your session ended: your password was"
            + " changed or your user removed. Log in again.");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    // The body limit filter has read it already; it is read again from memory.
    byte[] body = request.getInputStream().readNBytes(MAX_LOGIN_BODY + 1);
    String user;
    try {
      user = body.length > MAX_LOGIN_BODY ? null : field(new String(body, StandardCharsets.UTF_8), "username");
    } catch (IllegalArgumentException e) {
      user = null;
    }
    if (user == null || user.isEmpty()) {
      WebSecurityConfiguration.error(response, 400, "BadRequest", "A login needs a 'username' and a 'password'.");
      return;
    }
    String address = request.getRemoteAddr();
    long now = System.currentTimeMillis();
    long wait = throttle.waitMillis(user, address, now);
    if (wait > 0) {
      tooMany(response, new LoginThrottledException(wait));
      return;
    }
    HttpServletRequest replay = new io.mlpm.web.CachedBodyRequest(request, body);
    chain.doFilter(replay, response);
    if (response.getStatus() == 200) {
      throttle.succeeded(user, address);
      sessions.loggedIn(replay, user);
    } else if (response.getStatus() == 401) {
      throttle.failed(user, address, now);
    }
  }

  static void tooMany(HttpServletResponse response, LoginThrottledException e) throws IOException {
    response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    WebSecurityConfiguration.error(response, 429, "TooManyLoginAttempts", e.getMessage());
  }

  private static String field(String form, String name) {
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
