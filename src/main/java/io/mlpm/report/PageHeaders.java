package io.mlpm.report;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;

/** The headers of an HTML page built from project data: private, not cached, its own policy, no sniffing. */
public final class PageHeaders {

  private PageHeaders() {}

  public static void set(HttpServletResponse response, String contentSecurityPolicy) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noCache().cachePrivate().getHeaderValue());
    response.setHeader("Content-Security-Policy", contentSecurityPolicy);
    response.setHeader("X-Content-Type-Options", "nosniff");
  }
}
