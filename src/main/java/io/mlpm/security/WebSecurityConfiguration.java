package io.mlpm.security;

import jakarta.servlet.Filter;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * No anonymous access: HTTP Basic on {@code /engine-rest/*} and {@code /api/*}; {@code /api/*} also
 * reads with the Camunda webapp session (see {@link ApiAuthenticationFilter}).
 */
@Configuration
public class WebSecurityConfiguration {

  /** Runs before every other filter of these paths, so anonymous callers learn nothing. */
  public static final int AUTHENTICATION_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(AUTHENTICATION_ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> apiAuthentication(ProcessEngine engine) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new ApiAuthenticationFilter(engine.getIdentityService(), engine.getName()));
    registration.setName("api-authentication");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(AUTHENTICATION_ORDER);
    return registration;
  }

  /** Metrics and other actuator endpoints need a user too; only the bare health probe is open. */
  @Bean
  FilterRegistrationBean<Filter> actuatorAuthentication(ProcessEngine engine) {
    ApiAuthenticationFilter authentication = new ApiAuthenticationFilter(engine.getIdentityService(),
        engine.getName()) {
      @Override
      protected boolean shouldNotFilter(jakarta.servlet.http.HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
      }
    };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(authentication);
    registration.setName("actuator-authentication");
    registration.addUrlPatterns("/actuator/*");
    registration.setOrder(AUTHENTICATION_ORDER);
    return registration;
  }
}
