package io.mlpm.process;

import io.mlpm.notification.SignOffTask;
import io.mlpm.notification.TaskNotifications;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.IdentityLink;
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
    List<String> groups = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (IdentityLink link : task.getCandidates()) {
      if (link.getGroupId() != null) {
        groups.add(link.getGroupId());
      } else if (link.getUserId() != null) {
        users.add(link.getUserId());
      }
    }
    if (task.getAssignee() != null) {
      users.add(task.getAssignee());
    }
    return new SignOffTask(task.getId(), task.getTaskDefinitionKey(), task.getName(),
        task.getExecution().getProcessBusinessKey(), groups, users,
        task.getDueDate() == null ? null : task.getDueDate().toInstant());
  }
}
