package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.project.ProjectRepository;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Names every user task after its project ("Approve deployment — Telco churn Q3 (churn-q3)"), on
 * every user task of every process (added at parse time), so that a team with several projects
 * tells its tasks apart in Tasklist's list and over REST. The name comes from the project's row,
 * written when the charter was validated, not from a process variable; only administrators may
 * rename a task. The same row gives each task the local variables that Tasklist's filters show as
 * its Project and Key columns ({@link TasklistFilters}). At start the tasks already open are named too.
 */
@Component
@Order(100) // before TaskNotifier, which tells the task's name and due date
public class TaskNames extends EveryUserTask {

  /** The engine's column for a task's name holds 255 characters. */
  static final int MAX_NAME = 255;

  private final ObjectProvider<ProjectRepository> projects;
  private final ObjectProvider<TaskService> tasks;

  public TaskNames(ObjectProvider<ProjectRepository> projects, ObjectProvider<TaskService> tasks) {
    this.projects = projects;
    this.tasks = tasks;
  }

  @Override
  public void notify(DelegateTask task) {
    String projectKey = task.getExecution().getProcessBusinessKey();
    String projectName = projectName(projectKey);
    String named = named(task.getName(), projectKey, projectName);
    if (named != null) {
      task.setName(named);
    }
    columns(projectKey, projectName).forEach(task::setVariableLocal);
  }

  /** The project's name from its row (read once per task), or null. */
  private String projectName(String projectKey) {
    return projectKey == null ? null : projects.getObject().find(projectKey).map(p -> p.name()).orElse(null);
  }

  /** The task's Project and Key columns in Tasklist's filters, from the project's row. */
  static Map<String, Object> columns(String projectKey, String projectName) {
    if (projectKey == null) {
      return Map.of();
    }
    return Map.of(Variables.TASK_PROJECT_NAME, projectName != null ? projectName : projectKey,
        Variables.TASK_PROJECT_KEY, projectKey);
  }

  /** The task's name with its project, or null when it has none or already says it. */
  String named(String name, String projectKey) {
    return named(name, projectKey, projectName(projectKey));
  }

  private static String named(String name, String projectKey, String projectName) {
    if (projectKey == null || name == null) {
      return null;
    }
    String suffix = projectName != null ? " — " + projectName + " (" + projectKey + ")" : " — " + projectKey;
    if (name.endsWith(suffix)) {
      return null;
    }
    return of(name, suffix);
  }

  /** {@code name + suffix} within the engine's column (a very long project name is cut at the end). */
  static String of(String name, String suffix) {
    String full = name + suffix;
    if (full.length() <= MAX_NAME) {
      return full;
    }
    return full.substring(0, MAX_NAME - 1) + "…";
  }

  @EventListener
  public void openTasks(PostDeployEvent event) {
    TaskService taskService = tasks.getObject();
    for (Task task : taskService.createTaskQuery().active().list()) {
      if (task.getProcessInstanceId() == null) {
        continue;
      }
      var instance = event.getProcessEngine().getRuntimeService().createProcessInstanceQuery()
          .processInstanceId(task.getProcessInstanceId()).singleResult();
      String projectKey = instance == null ? null : instance.getBusinessKey();
      String projectName = projectName(projectKey);
      String named = instance == null ? null : named(task.getName(), projectKey, projectName);
      if (named != null) {
        task.setName(named);
        taskService.saveTask(task);
      }
      if (instance != null && taskService.getVariableLocal(task.getId(), Variables.TASK_PROJECT_KEY) == null) {
        taskService.setVariablesLocal(task.getId(), columns(projectKey, projectName));
      }
    }
  }
}
