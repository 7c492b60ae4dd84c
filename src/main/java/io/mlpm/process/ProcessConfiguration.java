package io.mlpm.process;

import io.mlpm.charter.CharterValidator;
import io.mlpm.data.DataPreparationService;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
import io.mlpm.notification.Lease;
import io.mlpm.notification.TaskNotifications;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.EngineUsers;
import io.mlpm.security.Groups;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the charter validation into the start paths of the engine. */
@Configuration
public class ProcessConfiguration {

  /** The declared inputs and outputs of the lifecycle's call activities ({@link CallContract}). */
  @Bean
  org.camunda.bpm.engine.delegate.DelegateVariableMapping dataPreparationContract() {
    return CallContract.DATA_PREPARATION;
  }

  @Bean
  org.camunda.bpm.engine.delegate.DelegateVariableMapping modelDevelopmentContract() {
    return CallContract.MODEL_DEVELOPMENT;
  }

  @Bean
  CharterValidator charterValidator(DataPreparationService data, EngineUsers users) {
    return new CharterValidator((uri, delimiter) -> data.columns(uri, delimiter), users);
  }

  @Bean
  DecisionRules decisionRules(DataPreparationService data, IdentityService identity) {
    return new DecisionRules(uri -> data.root().resolve(uri), (user, group) -> Groups.isMember(identity, user, group));
  }

  @Bean
  EngineSignOffs engineSignOffs(TaskService tasks, RuntimeService runtime, IdentityService identity,
      SignOffCheck signOffs) {
    return new EngineSignOffs(tasks, runtime, identity, signOffs);
  }

  @Bean
  SignOffWatch signOffWatch(TaskService tasks, RuntimeService runtime, HistoryService history,
      TaskNotifications notifications, ProjectRepository projects, AuditTrail audit, SignOffDueSettings settings,
      PlatformTransactionManager transactions, Lease lease) {
    return new SignOffWatch(tasks, runtime, history, notifications, projects, audit, settings,
        new TransactionTemplate(transactions), lease);
  }

  @Bean
  FilterRegistrationBean<Filter> taskCompletionGuard(DecisionRules rules, TaskService tasks, RuntimeService runtime,
      IdentityService identity, SignOffCheck signOffs, FormFields formFields, HttpLimits limits) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
        new TaskCompletionGuard(rules, tasks, runtime, identity, signOffs, formFields, limits));
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
