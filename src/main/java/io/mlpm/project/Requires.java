package io.mlpm.project;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The right a {@code /api/projects/{key}} handler needs, checked by {@link ProjectAccessInterceptor}
 * before the handler runs; a handler without it is refused to everyone (deny by default).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Requires {
  ProjectRight value();
}
