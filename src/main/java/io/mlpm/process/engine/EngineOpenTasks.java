package io.mlpm.process.engine;

import io.mlpm.project.OpenTasks;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.stereotype.Component;

/** Open user tasks of a project, found by its business key across the called processes. */
@Component
class EngineOpenTasks implements OpenTasks {

  private final TaskService tasks;

  EngineOpenTasks(TaskService tasks) {
    this.tasks = tasks;
  }

  @Override
  public List<OpenTask> of(String projectKey) {
    List<OpenTask> open = new ArrayList<>();
    for (Task t : tasks.createTaskQuery().processInstanceBusinessKey(projectKey).list()) {
      List<String> candidates;
      try {
        candidates = tasks.getIdentityLinksForTask(t.getId()).stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
            .map(l -> l.getGroupId() != null ? "group:" + l.getGroupId() : "user:" + l.getUserId())
            .toList();
      } catch (NullValueException e) {
        continue; // completed between the two reads: no longer open
      }
      open.add(new OpenTask(t.getId(), t.getTaskDefinitionKey(), t.getName(), t.getAssignee(), candidates,
          t.getCreateTime() == null ? null : t.getCreateTime().toInstant(),
          t.getDueDate() == null ? null : t.getDueDate().toInstant()));
    }
    return open;
  }
}
