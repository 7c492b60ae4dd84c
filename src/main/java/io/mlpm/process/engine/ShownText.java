package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.spring.boot.starter.event.PostDeployEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives every user task a local JSON variable {@value #SHOWN}: the task's text and number
 * variables with Markdown's punctuation escaped. The forms' text components render Markdown
 * (GFM, with autolinks), so a charter field, a comment or a column name templated in as it was
 * typed could become a link or markup in a signer's form; {@code {{shown.x}}} shows it as text.
 */
@Component
public class ShownText extends EveryUserTask {

  public static final String SHOWN = "shown";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectProvider<TaskService> tasks;

  public ShownText(ObjectProvider<TaskService> tasks) {
    this.tasks = tasks;
  }

  @Override
  public void notify(DelegateTask task) {
    task.setVariableLocal(SHOWN, Variables.json(shown(task.getVariables())));
  }

  /** Tasks open before this listener existed get theirs at start, so their forms show text too. */
  @EventListener
  public void openTasks(PostDeployEvent event) {
    TaskService taskService = tasks.getObject();
    taskService.createTaskQuery().active().list().forEach(task -> {
      if (taskService.getVariableLocal(task.getId(), SHOWN) == null) {
        taskService.setVariableLocal(task.getId(), SHOWN, Variables.json(shown(taskService.getVariables(task.getId()))));
      }
    });
  }

  static String shown(Map<String, Object> variables) {
    ObjectNode shown = JSON.createObjectNode();
    variables.forEach((name, value) -> {
      if (!SHOWN.equals(name) && (value instanceof CharSequence || value instanceof Number || value instanceof Boolean)) {
        shown.put(name, asText(value.toString()));
      }
    });
    return shown.toString();
  }

  /**
   * Markdown that renders as exactly the given text: every ASCII punctuation character
   * backslash-escaped (CommonMark and marked honour all of them, so no link, emphasis, HTML tag or
   * autolink survives), and indentation dropped (four leading spaces would make a code block).
   */
  static String asText(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (lineStart && (c == ' ' || c == '\t')) {
        continue;
      }
      lineStart = c == '\n' || c == '\r';
      if (c < 128 && isPunctuation(c)) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean isPunctuation(char c) {
    return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
  }
}
