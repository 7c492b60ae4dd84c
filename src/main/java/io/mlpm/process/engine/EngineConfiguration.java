package io.mlpm.process.engine;

import io.mlpm.charter.CharterValidator;
import io.mlpm.data.DataPreparationService;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
import io.mlpm.notification.Lease;
import io.mlpm.notification.TaskNotifications;
import io.mlpm.project.ProjectRepository;
import io.mlpm.security.EngineUsers;
import io.mlpm.security.Groups;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the engine adapters: the call contracts, the charter validation, the decision rules and the sign-off watch. */
@Configuration
public class EngineConfiguration {

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
  org.camunda.bpm.engine.delegate.DelegateVariableMapping externalTrainingContract() {
    return CallContract.EXTERNAL_TRAINING;
  }

  /** The serving workers' called process, one bean per task it publishes (external-serving.bpmn). */
  @Bean
  org.camunda.bpm.engine.delegate.DelegateVariableMapping deployOutsideContract() {
    return new ServingContract(io.mlpm.deployment.ServingAction.DEPLOY);
  }

  @Bean
  org.camunda.bpm.engine.delegate.DelegateVariableMapping rollbackOutsideContract() {
    return new ServingContract(io.mlpm.deployment.ServingAction.ROLLBACK);
  }

  @Bean
  org.camunda.bpm.engine.delegate.DelegateVariableMapping retireOutsideContract() {
    return new ServingContract(io.mlpm.deployment.ServingAction.RETIRE);
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
}
