package io.mlpm.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.security.Groups;
import io.mlpm.security.Roles;
import io.mlpm.security.Unrestricted;
import io.mlpm.web.CachedBodyRequest;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a comment before the engine adds it to a task (REST and Tasklist's "Add Comment"). The
 * engine itself checks only that the caller may read the task's history, and takes the comment's
 * process instance from the body: a candidate of one project's task could file a comment under
 * another project. Here a comment goes on an open task, by one of its candidates (or an
 * administrator), under that task's own process instance, with a bounded message. Comments are
 * append-only: editing and deleting them is refused by the route list ({@code EngineRoutes}).
 */
public class TaskCommentGuard extends OncePerRequestFilter {

  /** What a person writes in a comment; the engine keeps the full text, and 4,000 characters is a page. */
  static final int MAX_MESSAGE = 4_000;
  private static final Pattern COMMENT = Pattern.compile(
      "^(?:/engine-rest(?:/engine/[^/]+)?|/camunda/api/engine/engine/[^/]+)/task/([^/]+)/comment/create/?$");
  private static final Set<String> FIELDS = Set.of("message", "processInstanceId");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskService tasks;
  private final IdentityService identity;
  private final HttpLimits limits;

  public TaskCommentGuard(TaskService tasks, IdentityService identity, HttpLimits limits) {
    this.tasks = tasks;
    this.identity = identity;
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RestBodies.postPath(request);
    Matcher m = path == null ? null : COMMENT.matcher(path);
    if (m == null || !m.matches()) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = RestBodies.readBody(request, response, "comment", limits);
    if (body == null) {
      return;
    }
    String user = RestBodies.user(request);
    String taskId = m.group(1);
    Task task = Unrestricted.call(identity, () -> tasks.createTaskQuery().taskId(taskId).singleResult());
    if (task == null) {
      RestBodies.reject(response, 404, "TaskNotFound", "There is no open task '" + taskId
          + "': comments are added to open tasks; a completed one's record is closed.");
      return;
    }
    if (user == null || !Unrestricted.call(identity, () -> mayComment(task, user))) {
      RestBodies.reject(response, 403, "AuthorizationException", "'" + user + "' is not a candidate of '"
          + task.getName() + "': only its candidates comment on a task.");
      return;
    }
    Optional<String> problem = problem(task, body);
    if (problem.isPresent()) {
      RestBodies.reject(response, 400, "InvalidCommentException", problem.get());
      return;
    }
    chain.doFilter(new CachedBodyRequest(request, body), response);
  }

  private boolean mayComment(Task task, String user) {
    List<String> groups = Groups.of(identity, user);
    if (groups.contains(Roles.ADMINS) || user.equals(task.getAssignee())) {
      return true;
    }
    for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
      if (IdentityLinkType.CANDIDATE.equals(link.getType())
          && (user.equals(link.getUserId()) || (link.getGroupId() != null && groups.contains(link.getGroupId())))) {
        return true;
      }
    }
    return false;
  }

  static Optional<String> problem(Task task, byte[] body) {
    JsonNode json;
    try {
      json = body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return Optional.of("The comment is not valid JSON.");
    }
    if (json == null || !json.isObject()) {
      return Optional.of("A comment is a JSON object with a 'message'.");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        return Optional.of("'" + name + "' is not part of a comment; it takes only 'message' (and the task's"
            + " 'processInstanceId'). Who wrote it and when are recorded by the engine.");
      }
    }
    JsonNode message = json.get("message");
    if (message == null || !message.isTextual() || message.asText().isBlank()) {
      return Optional.of("A comment needs a 'message' with some text.");
    }
    if (message.asText().length() > MAX_MESSAGE) {
      return Optional.of("The comment has " + message.asText().length() + " characters; at most " + MAX_MESSAGE
          + " are taken.");
    }
    JsonNode instance = json.get("processInstanceId");
    if (instance != null && !instance.isNull() && !instance.asText().equals(task.getProcessInstanceId())) {
      return Optional.of("A comment on task '" + task.getName() + "' belongs to its own process instance '"
          + task.getProcessInstanceId() + "', not '" + instance.asText() + "'.");
    }
    return Optional.empty();
  }
}
