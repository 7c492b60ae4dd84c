package io.mlpm.process.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.project.ProjectRepository;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives every user task of every process its due date when it is created (Tasklist shows it, the
 * "Overdue" filter and the portfolio use it): from configuration per task kind, or the charter's
 * {@code signOffDays} read from the project's row. The engine's clock, so process tests can move it.
 */
@Component
@Order(100) // before TaskNotifier, which tells the task's name and due date
public class TaskDueDates extends EveryUserTask {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectProvider<ProjectRepository> projects;
  private final SignOffDueSettings settings;

  public TaskDueDates(ObjectProvider<ProjectRepository> projects, SignOffDueSettings settings) {
    this.projects = projects;
    this.settings = settings;
  }

  @Override
  public void notify(DelegateTask task) {
    if (task.getDueDate() != null) {
      return; // a diagram's own due date stands
    }
    String key = task.getExecution().getProcessBusinessKey();
    Integer days = key == null ? null : projects.getObject().find(key).map(p -> charterDays(p.charterJson())).orElse(null);
    long due = ClockUtil.getCurrentTime().getTime() + settings.dueAfter(task.getTaskDefinitionKey(), days).toMillis();
    task.setDueDate(new Date(due));
  }

  static Integer charterDays(String charterJson) {
    try {
      JsonNode days = charterJson == null ? null : JSON.readTree(charterJson).get("signOffDays");
      return days == null || !days.canConvertToInt() ? null : days.asInt();
    } catch (Exception e) {
      return null;
    }
  }
}
