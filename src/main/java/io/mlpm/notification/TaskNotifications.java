package io.mlpm.notification;

import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** Tells a sign-off's candidates that it waits for them, and again when it is overdue. */
@Component
public class TaskNotifications {

  private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private final Outbox outbox;
  private final ProjectRepository projects;
  private final NotificationSettings settings;

  public TaskNotifications(Outbox outbox, ProjectRepository projects, NotificationSettings settings) {
    this.outbox = outbox;
    this.projects = projects;
    this.settings = settings;
  }

  public void waiting(SignOffTask task) {
    add(EventType.TASK_CREATED, task, "Sign-off waiting", project -> "'" + task.name() + "'" + project
        + " waits for you or your group" + (task.due() == null ? "." : ", due " + DUE.format(task.due()) + "."));
  }

  public void overdue(SignOffTask task) {
    add(EventType.TASK_OVERDUE, task, "Sign-off overdue", project -> "'" + task.name() + "'" + project + " was due "
        + (task.due() == null ? "" : DUE.format(task.due()) + " ") + "and still waits for you or your group.");
  }

  private void add(EventType type, SignOffTask task, String what, UnaryOperator<String> text) {
    if (!settings.enabled()) {
      return;
    }
    // Task names already name their project ("Approve dataset — Churn (churn-q3)", io.mlpm.process.engine.TaskNames).
    boolean named = task.projectKey() == null || task.name().endsWith("(" + task.projectKey() + ")");
    String project = named ? "" : " in project " + projects.find(task.projectKey()).map(Project::name)
        .orElse(task.projectKey()) + " (" + task.projectKey() + ")";
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("taskId", task.taskId());
    data.put("taskKey", task.taskKey());
    data.put("taskName", task.name());
    data.put("candidateGroups", task.groups());
    if (task.due() != null) {
      data.put("due", task.due().toString());
    }
    outbox.add(new Notification(type, task.projectKey(), what + ": " + task.name() + project, text.apply(project),
        settings.baseUrl() + "/camunda/app/tasklist/default/#/?task=" + task.taskId(), task.groups(), task.users(),
        data));
  }
}
