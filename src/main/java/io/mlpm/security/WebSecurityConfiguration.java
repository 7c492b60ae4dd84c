package io.mlpm.security;

import io.mlpm.web.ApiErrors;
import io.mlpm.web.BodyLimit;
import io.mlpm.web.BodyLimitFilter;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security in front of everything. Its filter runs first of all filters
 * ({@code spring.security.filter.order} in application.yaml), so its {@link StrictHttpFirewall}
 * refuses a URI with a path parameter ({@code ;}), an encoded {@code /}, {@code \}, {@code .} or
 * {@code %}, or a {@code ..} or {@code //} segment with 400 before any Camunda code sees it (the
 * webapps' own login check reads the raw URI while routing drops path parameters).
 * <ul>
 *   <li>{@code /engine-rest/**}: stateless HTTP Basic against the engine's users; Camunda's
 *       authentication filter then takes the user (and the groups it has now) from Spring.
 *   <li>{@code /api/**}, {@code /actuator/**}: stateless HTTP Basic, a serving token
 *       ({@code Bearer}), or for reading the Tasklist session; only the bare health probe is open.
 *   <li>everything else, the webapps: their own login, sessions and CSRF protection (Spring's off).
 * </ul>
 * Behind the chain, {@link EngineRouteGuard} lets each role call only its listed engine routes.
 */
@Configuration
@EnableWebSecurity
public class WebSecurityConfiguration {

  /** Filters of the project behind Spring Security, in this order, before the engine's. */
  public static final int BODY_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 50;
  public static final int ENGINE_AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
  public static final int ROUTE_GUARD_ORDER = ENGINE_AUTHENTICATION_ORDER + 10;
  public static final int GUARD_ORDER = ROUTE_GUARD_ORDER + 10;

  @Bean
  EngineAuthenticationProvider engineAuthenticationProvider(IdentityService identity, LoginThrottle throttle) {
    return new EngineAuthenticationProvider(identity, throttle);
  }

  @Bean
  WebappSessionCredentials webappSessionCredentials(IdentityService identity) {
    return new WebappSessionCredentials(identity);
  }

  /** The webapps' login throttled like Basic; sessions of changed users ended (needs the cached body). */
  @Bean
  FilterRegistrationBean<Filter> webappLogin(LoginThrottle throttle, WebappSessionCredentials sessions) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new WebappLoginFilter(throttle, sessions));
    registration.setName("webapp-login");
    registration.addUrlPatterns("/camunda/*");
    registration.setOrder(BODY_LIMIT_ORDER + 10);
    return registration;
  }

  @Bean
  @Order(1)
  SecurityFilterChain engineRestChain(HttpSecurity http, EngineAuthenticationProvider users) throws Exception {
    return stateless(http.securityMatcher(path("/engine-rest/**")), users)
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        .build();
  }

  /** Who reads the actuator's metrics (they name projects and their load): operators. */
  static final List<String> METRICS_READERS = List.of(Roles.ML_ENGINEERS, Roles.ADMINS);

  @Bean
  @Order(2)
  SecurityFilterChain apiChain(HttpSecurity http, EngineAuthenticationProvider users, IdentityService identity,
      ServingTokenAuthenticator tokens, WebappSessionCredentials sessions) throws Exception {
    return stateless(http.securityMatcher(new OrRequestMatcher(path("/api/**"), path("/actuator/**"))), users)
        .addFilterBefore(new ServingTokenFilter(tokens), BasicAuthenticationFilter.class)
        .addFilterAfter(new WebappSessionAuthenticationFilter(identity, sessions), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(a -> a.requestMatchers(path("/actuator/health"), path("/actuator/health/**")).permitAll()
            // Each project route checks its own right (io.mlpm.project.Requires), tokens included.
            .requestMatchers(path("/api/projects/**")).authenticated()
            // The external trainers' downloads and uploads (each also checks the caller holds the task's lock).
            .requestMatchers(path("/api/trainer/**")).access(inGroup(identity, Roles.TRAINERS))
            // Metrics name projects and their load: operators only.
            .requestMatchers(path("/actuator/**")).access(inGroup(identity, METRICS_READERS.toArray(String[]::new)))
            .anyRequest().access(inGroup(identity)))
        .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> error(response, 403, "Forbidden",
            request.getUserPrincipal() != null && request.getUserPrincipal().getName().startsWith("token:")
                ? "A serving token may only send predictions and feedback of its project."
                : "'" + CurrentUser.of(request) + "' lacks the right for " + request.getRequestURI()
                    + ": operators' metrics need one of the groups " + METRICS_READERS + ".")))
        .build();
  }

  /**
   * A user (never a serving token) who, with {@code groups} given, is in one of them now. With no
   * groups, any user.
   */
  private static AuthorizationManager<RequestAuthorizationContext> inGroup(IdentityService identity,
      String... groups) {
    return (authentication, context) -> {
      Authentication who = authentication.get();
      boolean user = who != null && who.isAuthenticated() && !(who instanceof ServingTokenAuthentication)
          && !(who instanceof AnonymousAuthenticationToken);
      return new AuthorizationDecision(user && (groups.length == 0
          || java.util.Arrays.stream(groups).anyMatch(g -> Groups.isMember(identity, who.getName(), g))));
    };
  }

  /** The webapps keep their own login, session and CSRF token; the firewall still applies. */
  @Bean
  @Order(3)
  SecurityFilterChain webappChain(HttpSecurity http) throws Exception {
    return http.securityMatcher(path("/**"))
        .csrf(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        // Camunda's HeaderSecurityFilter and CacheControlFilter set the webapps' headers.
        .headers(h -> h.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .build();
  }

  /** Whole paths: /engine-rest is Jersey's servlet, not Spring MVC's, so MVC matchers would miss it. */
  private static RequestMatcher path(String pattern) {
    return PathPatternRequestMatcher.withDefaults().matcher(pattern);
  }

  private static HttpSecurity stateless(HttpSecurity http, EngineAuthenticationProvider users) throws Exception {
    AuthenticationEntryPoint unauthorized = (request, response, e) -> {
      if (e instanceof LoginThrottledException throttled) {
        WebappLoginFilter.tooMany(response, throttled);
        return;
      }
      response.setHeader("WWW-Authenticate", "Basic realm=\"mlpm\"");
      error(response, 401, "Unauthorized", "Authenticate with HTTP Basic as a user of MLPM Orchestrator.");
    };
    return http.csrf(c -> c.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        // Stateless, and the webapp session a page is read with belongs to the webapps' own login:
        // Spring's session-fixation step gave that session a new id on every /api read, so the
        // second of two parallel reads (a page's charts, Cockpit's ML state tab) came with the old
        // id and was answered 401, and the browser hung on a Basic prompt.
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS).sessionFixation(f -> f.none()))
        .authenticationProvider(users.provider())
        .httpBasic(b -> b.realmName("mlpm").authenticationEntryPoint(unauthorized))
        .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized));
  }

  /**
   * StrictHttpFirewall's defaults (no ';', no encoded '/', '\\', '.' or '%', no '..'), and no '//'
   * in the raw URI either: Tomcat merges it in the servlet path the strict firewall checks, while
   * the webapps route on the raw URI.
   */
  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall strict = new StrictHttpFirewall();
    return new HttpFirewall() {
      @Override
      public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (request.getRequestURI().contains("//")) {
          throw new RequestRejectedException("The request was rejected because the URL contained \"//\"");
        }
        return strict.getFirewalledRequest(request);
      }

      @Override
      public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
      }
    };
  }

  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return (request, response, e) -> error(response, 400, "RequestRejected",
        "The request path is not in normal form (" + e.getMessage() + "); send it without ';', '..', '//'"
            + " and without encoded '/', '\\', '.' or '%'.");
  }

  /** The API's error shape, {@code {"type","message"}}, written by filters that answer before any controller. */
  public static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
    ApiErrors.write(response, status, type, message);
  }

  /**
   * The same firewall once more, as the very first filter: Spring Security's own chain parses the
   * request path against the servlet's before its firewall looks, and a path parameter in front of
   * the servlet path ({@code /camunda;x/api/...}) made that parsing throw, answering 500.
   */
  @Bean
  FilterRegistrationBean<Filter> firewall(HttpFirewall firewall, RequestRejectedHandler rejected) {
    Filter filter = (request, response, chain) -> {
      try {
        firewall.getFirewalledRequest((HttpServletRequest) request);
      } catch (RequestRejectedException e) {
        rejected.handle((HttpServletRequest) request, (HttpServletResponse) response, e);
        return;
      }
      chain.doFilter(request, response);
    };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("firewall");
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  /** Camunda's REST authentication takes the user Spring Security let in, with their groups now. */
  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        ContainerBasedAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(ENGINE_AUTHENTICATION_ORDER);
    return registration;
  }

  /** Bodies bounded right behind authentication (an anonymous body is refused before it is read). */
  @Bean
  FilterRegistrationBean<Filter> bodyLimits(HttpLimits limits, java.util.List<BodyLimit> routes) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new BodyLimitFilter(limits, routes));
    registration.setName("body-limits");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*");
    registration.setOrder(BODY_LIMIT_ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> engineRouteGuard(ProcessEngine engine, Environment environment) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new EngineRouteGuard(engine.getIdentityService(), environment.acceptsProfiles(Profiles.of("demo"))));
    registration.setName("engine-route-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/*");
    registration.setOrder(ROUTE_GUARD_ORDER);
    return registration;
  }
}
