package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.project.ProjectRetirement;
import io.mlpm.security.Unrestricted;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * Correlates the lifecycle's {@code retire-project} message. Runs without the caller's engine
 * rights: who may retire is decided by the domain API (ML engineers), so nobody needs UPDATE on
 * process instances, which would also let them write variables, suspend, modify and signal.
 */
@Component
class EngineProjectRetirement implements ProjectRetirement {

  static final String MESSAGE = "retire-project";
  private final RuntimeService runtime;
  private final IdentityService identity;

  EngineProjectRetirement(RuntimeService runtime, IdentityService identity) {
    this.runtime = runtime;
    this.identity = identity;
  }

  @Override
  public boolean retire(String projectKey) {
    return Unrestricted.call(identity, () -> {
      String instance = lifecycleInstance(projectKey);
      boolean waiting = instance != null && runtime.createEventSubscriptionQuery().eventType("message")
          .eventName(MESSAGE).processInstanceId(instance).count() > 0;
      if (waiting) {
        runtime.createMessageCorrelation(MESSAGE).processInstanceId(instance).correlateWithResult();
      }
      return waiting;
    });
  }

  private String lifecycleInstance(String projectKey) {
    var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(projectKey)
        .processDefinitionKey(Variables.PROCESS_KEY).singleResult();
    return instance == null ? null : instance.getId();
  }
}
