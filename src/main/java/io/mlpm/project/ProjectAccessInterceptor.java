package io.mlpm.project;

import io.mlpm.web.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Checks every {@code /api/projects/{key}/**} handler's {@link Requires} right before it runs;
 * a handler without one is refused (a new route is closed until someone says who may call it).
 * The portfolio's routes, without a key, declare {@link ProjectRight#LIST} and filter per project.
 */
@Configuration
public class ProjectAccessInterceptor implements HandlerInterceptor, WebMvcConfigurer {

  private final ProjectAccess access;

  public ProjectAccessInterceptor(ProjectAccess access) {
    this.access = access;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/projects", "/api/projects.html", "/api/projects/**");
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    @SuppressWarnings("unchecked")
    Map<String, String> path = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String key = path == null ? null : path.get("key");
    Requires requires = method.getMethodAnnotation(Requires.class);
    if (key == null && requires != null && requires.value() == ProjectRight.LIST) {
      access.refusalToList(request).ifPresent(refusal -> {
        throw new ForbiddenException(refusal);
      });
      return true;
    }
    if (key == null || requires == null || requires.value() == ProjectRight.LIST) {
      throw new ForbiddenException("This route of the domain API has no right assigned, so nobody may call it.");
    }
    access.refusal(key, requires.value(), request).ifPresent(refusal -> {
      throw new ForbiddenException(refusal);
    });
    return true;
  }
}
