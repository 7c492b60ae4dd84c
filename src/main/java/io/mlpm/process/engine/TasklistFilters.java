package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.security.Grants;
import io.mlpm.security.Roles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasklist's filters for a team with many projects, created or brought up to date at every start:
 * "My group's sign-offs", "Assigned to me" and "Overdue", each listing the project's name and key
 * beside the task (task variables the engine alone writes, see {@link TaskNames}) and readable only
 * by the groups it is for. The starter's "All tasks" is for administrators.
 */
@Component
public class TasklistFilters {

  /** One filter: what Tasklist shows, the query behind it and who may read it. */
  record Definition(String name, String description, int priority, String color,
      Function<TaskQuery, TaskQuery> query, List<String> groups) {}

  /** The project's name and key beside every task in the list (Tasklist's filter "variables"). */
  static final List<Map<String, String>> COLUMNS = List.of(
      Map.of("name", Variables.TASK_PROJECT_NAME, "label", "Project"),
      Map.of("name", Variables.TASK_PROJECT_KEY, "label", "Key"));

  static final List<Definition> DEFINITIONS = List.of(
      // A candidate user query includes the user's groups (and the charter's sponsor, named alone).
      new Definition("My group's sign-offs", "Open sign-offs and reviews for you and your groups, claimed or not",
          -10, "#2f6fb0", q -> q.taskCandidateUserExpression("${currentUser()}").includeAssignedTasks(),
          Roles.BUSINESS),
      new Definition("Assigned to me", "Tasks you have claimed", -5, "#3c8d40",
          q -> q.taskAssigneeExpression("${currentUser()}"), Roles.BUSINESS),
      new Definition("Overdue", "Your groups' tasks past their due date", 0, "#b03a2e",
          q -> q.taskCandidateUserExpression("${currentUser()}").includeAssignedTasks()
              .dueBeforeExpression("${now()}"), Roles.BUSINESS));

  private static final Logger LOG = LoggerFactory.getLogger(TasklistFilters.class);
  /** The property that marks the filters this class owns. */
  static final String MARK = "mlpmRoleFilter";
  /** The filter {@code camunda.bpm.filter.create} makes, now for administrators only. */
  static final String LEGACY_FILTER = "All tasks";

  private final FilterService filters;
  private final TaskService tasks;
  private final AuthorizationService authorizations;

  public TasklistFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations) {
    this.filters = filters;
    this.tasks = tasks;
    this.authorizations = authorizations;
  }

  /** After the groups exist ({@code IdentitySetup}, order 0), before the demo project (order 10). */
  @EventListener(ApplicationReadyEvent.class)
  @Order(1)
  public void onReady() {
    Map<String, List<String>> readers = new LinkedHashMap<>();
    for (Definition d : DEFINITIONS) {
      readers.put(save(d).getId(), d.groups());
    }
    for (Map.Entry<String, List<String>> e : readers.entrySet()) {
      for (String group : e.getValue()) {
        Grants.toGroup(authorizations, group, Resources.FILTER, e.getKey(), Permissions.READ);
      }
    }
    revokeOthers(readers);
  }

  private Filter save(Definition d) {
    // Found by its mark, not only its name: an administrator's own filter of the same name stays theirs.
    Filter filter = filters.createFilterQuery().filterName(d.name()).list().stream()
        .filter(f -> f.getProperties() != null && Boolean.TRUE.equals(f.getProperties().get(MARK))).findFirst()
        .orElseGet(() -> filters.newTaskFilter(d.name()));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(MARK, true);
    properties.put("description", d.description());
    properties.put("priority", d.priority());
    properties.put("color", d.color());
    properties.put("refresh", true);
    properties.put("variables", COLUMNS);
    filter.setQuery(d.query().apply(tasks.createTaskQuery()));
    filter.setProperties(properties);
    filter.setOwner(null);
    return filters.saveFilter(filter);
  }


  /**
   * Earlier versions granted every business group READ on every filter, the starter's "All tasks"
   * included: those grants go (administrators keep theirs). A filter an administrator made and
   * granted later is theirs to manage and is left alone.
   */
  private void revokeOthers(Map<String, List<String>> readers) {
    Set<String> business = Set.copyOf(Roles.BUSINESS);
    Set<String> legacy = filters.createFilterQuery().filterName(LEGACY_FILTER).list().stream().map(Filter::getId)
        .collect(java.util.stream.Collectors.toSet());
    for (Authorization auth : authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .resourceType(Resources.FILTER).list()) {
      String group = auth.getGroupId();
      boolean meant = readers.getOrDefault(auth.getResourceId(), List.of()).contains(group);
      if (group != null && business.contains(group) && !meant && legacy.contains(auth.getResourceId())) {
        authorizations.deleteAuthorization(auth.getId());
        Filter filter = filters.getFilter(auth.getResourceId());
        LOG.warn("Group '{}' no longer reads Tasklist filter '{}': each group reads only the filters meant for it.",
            group, filter == null ? auth.getResourceId() : filter.getName());
      }
    }
  }
}
