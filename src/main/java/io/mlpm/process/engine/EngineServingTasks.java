package io.mlpm.process.engine;

import io.mlpm.deployment.ServingAction;
import io.mlpm.deployment.ServingTasks;
import io.mlpm.process.Variables;
import io.mlpm.security.Unrestricted;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** {@link ServingTasks} from the engine's external tasks of {@code external-serving}. */
@Component
public class EngineServingTasks implements ServingTasks {

  /** The process key of the serving workers' called process. */
  public static final String EXTERNAL_SERVING = "external-serving";

  private final ExternalTaskService externalTasks;
  private final RuntimeService runtime;
  private final IdentityService identity;

  public EngineServingTasks(ExternalTaskService externalTasks, RuntimeService runtime, IdentityService identity) {
    this.externalTasks = externalTasks;
    this.runtime = runtime;
    this.identity = identity;
  }

  @Override
  public Optional<ServingTask> lockedBy(String taskId, String worker) {
    return Unrestricted.call(identity, () -> {
      ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
      Optional<ServingAction> action = task == null ? Optional.empty() : ServingAction.ofTopic(task.getTopicName());
      if (action.isEmpty() || !EXTERNAL_SERVING.equals(task.getProcessDefinitionKey()) || worker == null
          || !worker.equals(task.getWorkerId()) || task.getLockExpirationTime() == null
          || task.getLockExpirationTime().before(new Date())) {
        return Optional.empty();
      }
      // The lifecycle's, not the called process's own variables (a worker may update its instances).
      ProcessInstance caller = runtime.createProcessInstanceQuery()
          .subProcessInstanceId(task.getProcessInstanceId()).singleResult();
      if (caller == null) {
        return Optional.empty();
      }
      Long candidate = null;
      if (action.get() == ServingAction.DEPLOY) {
        if (!(runtime.getVariable(caller.getId(), Variables.CANDIDATE_MODEL_ID) instanceof Number n)) {
          return Optional.empty();
        }
        candidate = n.longValue();
      }
      return Optional.of(new ServingTask(task.getId(), caller.getBusinessKey(), action.get(), candidate));
    });
  }

  @Override
  public void complete(String taskId, String worker) {
    Unrestricted.call(identity, () -> {
      externalTasks.complete(taskId, worker);
      return null;
    });
  }
}
