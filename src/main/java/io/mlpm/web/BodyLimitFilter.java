package io.mlpm.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body of the engine REST API, the webapps' API and the domain API before
 * anything parses it: a declared length over the route's cap answers 413 without reading a byte,
 * an undeclared (chunked) one is read only up to the cap. Bodies within their caps are read here
 * and handed on in memory, under one budget of bytes for all requests at once: when the budget is
 * spent a request waits briefly, then answers 503.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(BodyLimitFilter.class);
  private static final long WAIT_FOR_BUDGET_MILLIS = 2_000;
  private final HttpLimits limits;
  private final List<BodyLimit> routes;
  /** The budget in KiB, so that a semaphore's int permits cover gigabytes. */
  private final Semaphore budget;
  private final int budgetKib;

  public BodyLimitFilter(HttpLimits limits, List<BodyLimit> routes) {
    this.limits = limits;
    this.routes = List.copyOf(routes);
    this.budgetKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, limits.inFlightBodies().toKilobytes()));
    this.budget = new Semaphore(budgetKib, true);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    boolean chunked = request.getHeader("Transfer-Encoding") != null;
    if (declared <= 0 && !chunked) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long cap = limits.maxApiBody().toBytes();
    String setting = "mlpm.http.max-api-body";
    if (path.startsWith("/engine-rest/") || path.startsWith("/camunda/")) {
      cap = limits.maxEngineBody().toBytes();
      setting = "mlpm.http.max-engine-body";
    }
    for (BodyLimit route : routes) {
      OptionalLong own = route.bytesFor(request);
      if (own.isPresent()) {
        cap = own.getAsLong();
        setting = route.setting();
        break;
      }
    }
    if (declared > cap) {
      tooLarge(request, response, "is " + declared + " bytes", cap, setting);
      return;
    }
    int permits = (int) Math.min(budgetKib, Math.max(1, ((declared > 0 ? declared : cap) + 1023) / 1024));
    boolean admitted;
    try {
      admitted = budget.tryAcquire(permits, WAIT_FOR_BUDGET_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      LOG.info("503 {} {}: the in-flight body budget (mlpm.http.in-flight-bodies) is spent", request.getMethod(),
          path);
      response.setHeader("Retry-After", "1");
      ApiErrors.write(response, 503, "Busy", "The server is reading as many request bodies as it may at once"
          + " (mlpm.http.in-flight-bodies); retry in a moment.");
      return;
    }
    try {
      byte[] body = read(request.getInputStream(), cap, declared);
      if (body == null) {
        tooLarge(request, response, "is larger than that", cap, setting);
        return;
      }
      chain.doFilter(new CachedBodyRequest(request, body), response);
    } finally {
      budget.release(permits);
    }
  }

  /** At most {@code cap} bytes, or null when there are more. */
  private static byte[] read(InputStream in, long cap, long declared) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(declared > 0 ? declared : 8192, cap));
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
      if (total > cap) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static void tooLarge(HttpServletRequest request, HttpServletResponse response, String size, long cap,
      String setting) throws IOException {
    LOG.info("413 {} {}: body over its cap of {} bytes ({})", request.getMethod(), request.getRequestURI(), cap,
        setting);
    // The rest of the body is not read: the connection cannot carry another request.
    response.setHeader("Connection", "close");
    ApiErrors.write(response, 413, "PayloadTooLarge", "The request body " + size + "; at most " + cap
        + " bytes are accepted here (" + setting + ").");
  }
}
