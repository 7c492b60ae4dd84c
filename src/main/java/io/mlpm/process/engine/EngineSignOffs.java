package io.mlpm.process.engine;

import io.mlpm.governance.SignOffTasks;
import io.mlpm.security.Groups;
import io.mlpm.security.Unrestricted;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;

/** Open sign-offs on the engine, changed as the system (an escalation's decision, not the caller's rights). */
public class EngineSignOffs implements SignOffTasks {

  private final TaskService tasks;
  private final RuntimeService runtime;
  private final IdentityService identity;
  private final SignOffCheck signOffs;

  public EngineSignOffs(TaskService tasks, RuntimeService runtime, IdentityService identity, SignOffCheck signOffs) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.identity = identity;
    this.signOffs = signOffs;
  }

  @Override
  public Optional<OpenSignOff> find(String taskId) {
    return Unrestricted.call(identity, () -> {
      Task t = tasks.createTaskQuery().taskId(taskId).singleResult();
      if (t == null) {
        return Optional.<OpenSignOff>empty();
      }
      List<String> groups = tasks.getIdentityLinksForTask(taskId).stream()
          .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
          .map(IdentityLink::getGroupId).toList();
      String project = runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult()
          .getBusinessKey();
      return Optional.of(new OpenSignOff(t.getId(), t.getTaskDefinitionKey(), t.getName(), project, groups,
          t.getDueDate() == null ? null : t.getDueDate().toInstant()));
    });
  }

  @Override
  public void setDue(String taskId, Instant due) {
    Unrestricted.call(identity, () -> {
      Task t = tasks.createTaskQuery().taskId(taskId).singleResult();
      t.setDueDate(Date.from(due));
      tasks.saveTask(t);
      return null;
    });
  }

  @Override
  public void assign(String taskId, String user) {
    Unrestricted.call(identity, () -> {
      tasks.setAssignee(taskId, user);
      return null;
    });
  }

  @Override
  public Optional<String> refusal(String taskKey, String user, String projectKey) {
    return Unrestricted.call(identity, () -> signOffs.refusal(taskKey, user, projectKey));
  }

  @Override
  public boolean isMember(String user, String group) {
    return Groups.isMember(identity, user, group);
  }
}
