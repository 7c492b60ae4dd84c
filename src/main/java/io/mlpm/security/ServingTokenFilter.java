package io.mlpm.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on {@code /api}: a serving system's token. A token that is
 * unknown or revoked answers 401 at once; what a known token may call is decided by the route's
 * right (predictions and feedback of its own project only).
 */
public class ServingTokenFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";
  /** Our tokens are 49 characters; anything much longer is not one (and is not hashed). */
  private static final int MAX_TOKEN_LENGTH = 200;
  private final ServingTokenAuthenticator tokens;

  public ServingTokenFilter(ServingTokenAuthenticator tokens) {
    this.tokens = tokens;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String secret = header.substring(BEARER.length()).strip();
      Optional<ServingToken> token = secret.isEmpty() || secret.length() > MAX_TOKEN_LENGTH ? Optional.empty()
          : tokens.authenticate(secret);
      if (token.isEmpty()) {
        WebSecurityConfiguration.error(response, 401, "Unauthorized",
            "The bearer token is unknown or revoked; ask an ML engineer of the project for a new one.");
        return;
      }
      SecurityContextHolder.getContext().setAuthentication(new ServingTokenAuthentication(token.get()));
    }
    chain.doFilter(request, response);
  }
}
