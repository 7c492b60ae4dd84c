package io.mlpm.process.engine;

import io.mlpm.notification.SignOffTask;
import io.mlpm.notification.TaskNotifications;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tells a new sign-off's candidates that it waits for them. Last of the create listeners, so the
 * task already has its project's name and its due date.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class TaskNotifier extends EveryUserTask {

  private final ObjectProvider<TaskNotifications> notifications;

  public TaskNotifier(ObjectProvider<TaskNotifications> notifications) {
    this.notifications = notifications;
  }

  @Override
  public void notify(DelegateTask task) {
    notifications.getObject().waiting(signOff(task));
  }

  static SignOffTask signOff(DelegateTask task) {
    return signOff(task.getId(), task.getTaskDefinitionKey(), task.getName(), task.getExecution().getProcessBusinessKey(),
        task.getCandidates(), task.getAssignee(), task.getDueDate());
  }

  /** A task as notifications need it: its candidate groups, and its candidate users and assignee. */
  static SignOffTask signOff(String id, String key, String name, String projectKey,
      Collection<? extends IdentityLink> links, String assignee, Date due) {
    List<String> groups = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (IdentityLink link : links) {
      if (!IdentityLinkType.CANDIDATE.equals(link.getType())) {
        continue;
      }
      if (link.getGroupId() != null) {
        groups.add(link.getGroupId());
      } else if (link.getUserId() != null) {
        users.add(link.getUserId());
      }
    }
    if (assignee != null && !users.contains(assignee)) {
      users.add(assignee);
    }
    return new SignOffTask(id, key, name, projectKey, groups, users, due == null ? null : due.toInstant());
  }
}
