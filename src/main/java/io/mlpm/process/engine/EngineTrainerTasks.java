package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.training.ExternalTrainers;
import io.mlpm.training.TrainerTasks;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/** {@link TrainerTasks} from the engine's external tasks of {@code external-training}. */
@Component
public class EngineTrainerTasks implements TrainerTasks {

  /** The process key of the trainers' called process. */
  public static final String EXTERNAL_TRAINING = "external-training";

  private final ExternalTaskService externalTasks;
  private final RuntimeService runtime;

  public EngineTrainerTasks(ExternalTaskService externalTasks, RuntimeService runtime) {
    this.externalTasks = externalTasks;
    this.runtime = runtime;
  }

  @Override
  public Optional<TrainerTask> lockedBy(String taskId, String worker) {
    ExternalTask task = externalTasks.createExternalTaskQuery().externalTaskId(taskId).singleResult();
    if (task == null || !EXTERNAL_TRAINING.equals(task.getProcessDefinitionKey()) || worker == null
        || !worker.equals(task.getWorkerId()) || task.getLockExpirationTime() == null
        || task.getLockExpirationTime().before(new Date())) {
      return Optional.empty();
    }
    // Not the called process's own variables: a trainer may write those (UPDATE_INSTANCE). The split and
    // iteration are the calling model development's, the candidate the task's topic, fixed when it opened.
    ProcessInstance caller = runtime.createProcessInstanceQuery().subProcessInstanceId(task.getProcessInstanceId())
        .singleResult();
    if (caller == null) {
      return Optional.empty();
    }
    Map<String, Object> v = runtime.getVariables(caller.getId(), java.util.List.of(Variables.SPLIT_ID,
        Variables.ITERATION));
    if (!(v.get(Variables.SPLIT_ID) instanceof Number split) || !(v.get(Variables.ITERATION) instanceof Number it)) {
      return Optional.empty();
    }
    return Optional.of(new TrainerTask(task.getId(), caller.getBusinessKey(), split.longValue(), it.intValue(),
        ExternalTrainers.PREFIX + task.getTopicName()));
  }
}
