package io.mlpm.process.rest;

import io.mlpm.charter.CharterValidator;
import io.mlpm.governance.DecisionRules;
import io.mlpm.process.engine.SignOffCheck;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.WebSecurityConfiguration;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.Filter;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the REST guards in front of the engine's API, in their order. */
@Configuration
public class GuardConfiguration {

  @Bean
  FilterRegistrationBean<Filter> taskCompletionGuard(DecisionRules rules, TaskService tasks, RuntimeService runtime,
      HistoryService history, IdentityService identity, SignOffCheck signOffs, FormFields formFields, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new TaskCompletionGuard(rules, tasks, runtime, history, identity, signOffs, formFields, limits));
    registration.setName("task-completion-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(WebSecurityConfiguration.GUARD_ORDER + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> changeRequestStartGuard(io.mlpm.change.ChangeRequestService changes,
      ProjectRepository projects, io.mlpm.project.ProjectAccess access, RepositoryService repository,
      RuntimeService runtime, IdentityService identity, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new ChangeRequestStartGuard(changes, projects, access, repository, runtime, identity, limits));
    registration.setName("change-request-start-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(WebSecurityConfiguration.GUARD_ORDER + 3);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> taskCommentGuard(TaskService tasks, IdentityService identity, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new TaskCommentGuard(tasks, identity, limits));
    registration.setName("task-comment-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(WebSecurityConfiguration.GUARD_ORDER + 2);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> externalTaskGuard(org.camunda.bpm.engine.ExternalTaskService externalTasks,
      IdentityService identity, io.mlpm.training.ExternalCandidates candidates, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new ExternalTaskGuard(externalTasks, identity, candidates, limits));
    registration.setName("external-task-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(WebSecurityConfiguration.GUARD_ORDER + 4);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> projectStartGuard(CharterValidator validator, RepositoryService repository,
      RuntimeService runtime, IdentityService identity, ProjectRepository projects, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new ProjectStartGuard(validator, repository, runtime, identity, projects, limits));
    registration.setName("project-start-guard");
    registration.addUrlPatterns("/engine-rest/*", "/camunda/api/engine/*");
    registration.setOrder(WebSecurityConfiguration.GUARD_ORDER);
    return registration;
  }
}
