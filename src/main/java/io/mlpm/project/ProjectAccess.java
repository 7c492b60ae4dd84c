package io.mlpm.project;

import io.mlpm.security.CallerGroups;
import io.mlpm.security.Roles;
import io.mlpm.security.ServingToken;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Who may do what with one project through the domain API ({@link ProjectRight}). */
@Component
public class ProjectAccess {

  private final ProjectRepository projects;
  private final ProjectGroups groups;
  private final CallerGroups callers;
  private final JdbcTemplate jdbc;

  public ProjectAccess(ProjectRepository projects, ProjectGroups groups, CallerGroups callers, JdbcTemplate jdbc) {
    this.projects = projects;
    this.groups = groups;
    this.callers = callers;
    this.jdbc = jdbc;
  }

  /**
   * Why the caller may not exercise {@code right} on the project, naming the missing right, or
   * empty when it may. An unknown project is a {@link io.mlpm.web.NotFoundException}.
   */
  public Optional<String> refusal(String key, ProjectRight right, HttpServletRequest request) {
    Optional<ServingToken> token = callers.token();
    if (token.isPresent()) {
      if (right.forToken() && token.get().projectKey().equals(key)) {
        projects.require(key);
        return Optional.empty();
      }
      return Optional.of(right.forToken()
          ? "Serving token " + token.get().id() + " is scoped to project '" + token.get().projectKey()
              + "', not to '" + key + "'."
          : "A serving token may only send predictions and feedback of its project; this route needs the "
              + right.name().toLowerCase() + " right of a user.");
    }
    String user = io.mlpm.security.CurrentUser.of(request);
    Project project = projects.require(key);
    List<String> mine = callers.groups(request);
    if (mine.stream().anyMatch(right.always()::contains) || right == ProjectRight.READ && canRead(project, user, mine)
        || right == ProjectRight.CHANGE && mayChange(project, user, mine)) {
      return Optional.empty();
    }
    return Optional.of(switch (right) {
      case SERVE -> "Serving predictions and feedback of project '" + key + "' needs the serve right: ML engineers"
          + " (group '" + Roles.ML_ENGINEERS + "') or a serving token of the project; '" + user + "' has neither.";
      case OPERATE -> "Operating project '" + key + "' needs the operate right of ML engineers (group '"
          + Roles.ML_ENGINEERS + "'); '" + user + "' is not one.";
      case AUDIT -> "The audit chain of project '" + key + "' is for compliance officers (group '" + Roles.COMPLIANCE
          + "') and administrators; '" + user + "' is neither.";
      case READ -> "Reading project '" + key + "' needs the read right: a user on its charter, a member of a group"
          + " with a task in it, an ML engineer once it is in production, compliance or an administrator; '" + user
          + "' is none of these.";
      case CHANGE -> "Proposing a change of project '" + key + "''s charter needs the change right: a sponsor, data"
          + " steward, data scientist or ML engineer who reads the project (on its charter, in a group with a task"
          + " in it, or an ML engineer once it is in production); '" + user + "' is none of these.";
      case LIST -> "Listing projects is a right of people, not of one project.";
    });
  }

  /** Why the caller may not list projects, or empty when it may ({@link ProjectRight#LIST}). */
  public Optional<String> refusalToList(HttpServletRequest request) {
    if (callers.token().isPresent()) {
      return Optional.of("A serving token may only send predictions and feedback of its project; the list of projects"
          + " is for people.");
    }
    if (callers.groups(request).stream().noneMatch(ProjectRight.LIST.always()::contains)) {
      return Optional.of("Listing projects needs membership of one of " + ProjectRight.LIST.always() + ".");
    }
    return Optional.empty();
  }

  /** Whether the user, with these groups, may read the project: the portfolio lists only those. */
  public boolean mayRead(Project project, String user, List<String> mine) {
    return mine.stream().anyMatch(ProjectRight.READ.always()::contains) || canRead(project, user, mine);
  }

  /** Whether the user, with these groups, may propose a change of the project's charter ({@link ProjectRight#CHANGE}). */
  public boolean mayChange(Project project, String user, List<String> mine) {
    return mine.stream().anyMatch(ProjectRight.CHANGE.conditionally()::contains) && canRead(project, user, mine);
  }

  /** The conditions of {@link ProjectRight#READ} for its conditional groups. */
  private boolean canRead(Project project, String user, List<String> mine) {
    if (user != null && (user.equals(project.sponsor()) || user.equals(project.startedBy()))) {
      return true;
    }
    if (groups.of(project.key()).stream().anyMatch(mine::contains)) {
      return true;
    }
    return mine.contains(Roles.ML_ENGINEERS) && everInProduction(project.key());
  }

  private boolean everInProduction(String key) {
    Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_stage_transition t JOIN mlpm_model_version m"
        + " ON m.id = t.model_version_id WHERE m.project_key = ? AND t.to_stage = 'PRODUCTION'", Integer.class, key);
    return n != null && n > 0;
  }
}
