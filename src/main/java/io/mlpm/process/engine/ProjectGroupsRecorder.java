package io.mlpm.process.engine;

import io.mlpm.project.ProjectGroups;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Notes each group that gets a task in a project, on every user task of every process (added at
 * parse time, so no diagram can forget it): its members may then read the project through /api.
 * At start it also notes the groups of tasks already open (projects from before the table).
 */
@Component
public class ProjectGroupsRecorder extends EveryUserTask {

  private final ObjectProvider<ProjectGroups> groups;
  private final ObjectProvider<TaskService> tasks;

  public ProjectGroupsRecorder(ObjectProvider<ProjectGroups> groups, ObjectProvider<TaskService> tasks) {
    this.groups = groups;
    this.tasks = tasks;
  }

  @Override
  public void notify(DelegateTask task) {
    String project = task.getExecution().getProcessBusinessKey();
    if (project == null) {
      return;
    }
    for (IdentityLink link : task.getCandidates()) {
      if (link.getGroupId() != null) {
        groups.getObject().record(project, link.getGroupId());
      }
    }
  }

  @EventListener
  public void openTasks(PostDeployEvent event) {
    TaskService taskService = tasks.getObject();
    taskService.createTaskQuery().active().list().forEach(task -> {
      String project = task.getProcessInstanceId() == null ? null
          : event.getProcessEngine().getRuntimeService().createProcessInstanceQuery()
              .processInstanceId(task.getProcessInstanceId()).singleResult().getBusinessKey();
      if (project != null) {
        taskService.getIdentityLinksForTask(task.getId()).stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
            .forEach(l -> groups.getObject().record(project, l.getGroupId()));
      }
    });
  }
}
