package io.mlpm.security;

import io.mlpm.MlpmProperties;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the role groups, the administrator and each group's authorizations at every start
 * (idempotent). Demo users exist only on the demo profile; otherwise the administrator's password
 * must come from configuration and no other password is known.
 */
@Component
public class IdentitySetup {

  static final String LIFECYCLE = "ml-project-lifecycle";
  static final String CHARTER_CHANGE = "charter-change";
  static final String EXTERNAL_TRAINING = "external-training";
  static final String EXTERNAL_SERVING = "external-serving";
  private static final Logger LOG = LoggerFactory.getLogger(IdentitySetup.class);
  /** user id, first and last name, group; the README lists them (RightsTableTest). */
  static final List<String[]> DEMO_USERS = List.of(
      new String[] {"sponsor", "Sam", "Sponsor", Roles.SPONSORS},
      new String[] {"steward", "Dana", "Steward", Roles.DATA_STEWARDS},
      new String[] {"scientist", "Sofia", "Scientist", Roles.DATA_SCIENTISTS},
      new String[] {"engineer", "Eli", "Engineer", Roles.ML_ENGINEERS},
      new String[] {"compliance", "Carla", "Compliance", Roles.COMPLIANCE},
      // A second person in each four-eyes role, so that every segregation rule can be shown.
      new String[] {"sponsor2", "Sasha", "Second-Sponsor", Roles.SPONSORS},
      new String[] {"steward2", "Drew", "Second-Steward", Roles.DATA_STEWARDS},
      new String[] {"compliance2", "Cyd", "Second-Compliance", Roles.COMPLIANCE},
      // A worker of the team's own trainers (examples/), not a person.
      new String[] {"trainer", "Terry", "Trainer", Roles.TRAINERS});

  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final TaskService tasks;
  private final MlpmProperties properties;
  private final Environment environment;

  public IdentitySetup(IdentityService identity, AuthorizationService authorizations, TaskService tasks,
      MlpmProperties properties, Environment environment) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.tasks = tasks;
    this.properties = properties;
    this.environment = environment;
  }

  /** Before {@code DemoProject}, which needs the demo users. */
  @EventListener(ApplicationReadyEvent.class)
  @Order(0)
  public void onReady() {
    // Nodes of a cluster started together do the same setup at the same moment; each step checks
    // what is there first, so the one that lost a race (a unique key) just looks again.
    for (int attempt = 1; ; attempt++) {
      try {
        setUp();
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
        LOG.info("Users, groups and rights changed under this node's setup (another node starting?): again ({}).",
            e.getMessage());
        try {
          Thread.sleep(1000L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private void setUp() {
    for (String group : Roles.BUSINESS) {
      group(group);
    }
    group(Roles.ADMINS);
    group(Roles.TRAINERS);
    admin();
    if (environment.acceptsProfiles(Profiles.of("demo"))) {
      LOG.warn("DEMO PROFILE: demo users sponsor, sponsor2, steward, steward2, scientist, engineer, compliance,"
          + " compliance2, trainer and admin are active with"
          + " the password 'demo'. Never run the demo profile where others can reach it.");
      for (String[] u : DEMO_USERS) {
        user(u[0], u[1], u[2], "demo", u[3]);
      }
    } else {
      removeDemoUsers();
    }
    grantAll(Roles.ADMINS);
    grantRoles();
    revokeEngineersInstanceUpdates();
    migrateTaskRightsToTaskWork();
    grantHistoryOfOpenTasks();
  }

  /**
   * With historic instance permissions on, the engine gives a task's candidates READ on its history
   * (Tasklist's comments and History tab) when they become candidates; tasks opened before that
   * setting get the same right once here. Nothing wider: no READ_HISTORY on whole definitions.
   */
  private void grantHistoryOfOpenTasks() {
    int granted = 0;
    for (Task task : tasks.createTaskQuery().active().list()) {
      for (IdentityLink link : tasks.getIdentityLinksForTask(task.getId())) {
        if (!IdentityLinkType.CANDIDATE.equals(link.getType()) && !IdentityLinkType.ASSIGNEE.equals(link.getType())) {
          continue;
        }
        boolean added = link.getGroupId() != null
            ? Grants.toGroup(authorizations, link.getGroupId(), Resources.HISTORIC_TASK, task.getId(),
                HistoricTaskPermissions.READ)
            : Grants.toUser(authorizations, link.getUserId(), Resources.HISTORIC_TASK, task.getId(),
                HistoricTaskPermissions.READ);
        granted += added ? 1 : 0;
      }
    }
    if (granted > 0) {
      LOG.info("Gave the candidates of open tasks READ on those tasks' history ({} grants).", granted);
    }
  }


  /**
   * Earlier versions let ML engineers update lifecycle instances (for retirement), which also let
   * them write variables, suspend, modify and signal; retirement is {@code /api/projects/{key}/retire} now.
   */
  private void revokeEngineersInstanceUpdates() {
    for (Authorization auth : authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(Roles.ML_ENGINEERS).resourceType(Resources.PROCESS_DEFINITION).resourceId(LIFECYCLE).list()) {
      if (auth.isPermissionGranted(ProcessDefinitionPermissions.UPDATE_INSTANCE)) {
        auth.removePermission(ProcessDefinitionPermissions.UPDATE_INSTANCE);
        authorizations.saveAuthorization(auth);
        LOG.warn("Revoked UPDATE_INSTANCE on '{}' from group '{}'.", LIFECYCLE, Roles.ML_ENGINEERS);
      }
    }
  }

  /**
   * Task authorizations written before candidates got TASK_WORK carry UPDATE (assignee, variables,
   * delegation): rewritten once to TASK_WORK, after which no such grant is left to find.
   */
  private void migrateTaskRightsToTaskWork() {
    int migrated = 0;
    for (Authorization auth : authorizations.createAuthorizationQuery().authorizationType(Authorization.AUTH_TYPE_GRANT)
        .resourceType(Resources.TASK).hasPermission(Permissions.UPDATE).list()) {
      if (Authorization.ANY.equals(auth.getResourceId()) || Roles.ADMINS.equals(auth.getGroupId())) {
        continue;
      }
      auth.removePermission(Permissions.UPDATE);
      auth.addPermission(org.camunda.bpm.engine.authorization.TaskPermissions.TASK_WORK);
      authorizations.saveAuthorization(auth);
      migrated++;
    }
    if (migrated > 0) {
      LOG.warn("Migrated {} task authorizations from UPDATE to TASK_WORK.", migrated);
    }
  }

  /** A database once used with the demo profile must not keep known passwords in production. */
  private void removeDemoUsers() {
    for (String[] u : DEMO_USERS) {
      if (identity.createUserQuery().userId(u[0]).count() > 0 && identity.checkPassword(u[0], "demo")) {
        identity.deleteUser(u[0]);
        LOG.warn("Removed demo user '{}' with the known demo password: this application is not running the demo"
            + " profile.", u[0]);
      }
    }
  }

  private void admin() {
    String id = properties.security().adminUser();
    String password = properties.security().adminPassword();
    if (password == null || password.isBlank()) {
      throw new IllegalStateException("No administrator password is configured. Set the environment variable"
          + " MLPM_ADMIN_PASSWORD (or mlpm.security.admin-password), or run with the demo profile.");
    }
    User user = identity.createUserQuery().userId(id).singleResult();
    if (user == null) {
      user = identity.newUser(id);
      user.setFirstName("Process");
      user.setLastName("Owner");
    }
    user.setPassword(password);
    identity.saveUser(user);
    membership(id, Roles.ADMINS);
  }

  private void user(String id, String first, String last, String password, String group) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName(first);
      user.setLastName(last);
      user.setEmail(id + "@example.org");
      user.setPassword(password);
      identity.saveUser(user);
    }
    membership(id, group);
  }

  private void membership(String userId, String groupId) {
    if (identity.createGroupQuery().groupMember(userId).groupId(groupId).count() == 0) {
      identity.createMembership(userId, groupId);
    }
  }

  private void group(String id) {
    if (identity.createGroupQuery().groupId(id).count() == 0) {
      Group group = identity.newGroup(id);
      group.setName(Roles.displayName(id));
      group.setType(Roles.ADMINS.equals(id) ? "SYSTEM" : "WORKFLOW");
      identity.saveGroup(group);
    }
  }

  private void grantAll(String group) {
    for (Resource resource : Resources.values()) {
      grant(group, resource, Authorization.ANY, Permissions.ALL);
    }
  }

  /**
   * What each role needs, and no more; task rights (and READ on the task's history) come from being
   * a candidate of the task; Tasklist's filters are granted by {@code io.mlpm.process.engine.TasklistFilters}.
   */
  private void grantRoles() {
    for (String group : Roles.BUSINESS) {
      grant(group, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
      grant(group, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ);
    }
    // Sponsors start projects (from Tasklist or over REST).
    grant(Roles.SPONSORS, Resources.PROCESS_DEFINITION, LIFECYCLE, ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Roles.SPONSORS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
    // Who may propose a charter change starts it from Tasklist ("Charter change"); the start is
    // turned into a checked change request before the engine (io.mlpm.process.rest.ChangeRequestStartGuard).
    for (String group : List.of(Roles.SPONSORS, Roles.DATA_STEWARDS, Roles.DATA_SCIENTISTS, Roles.ML_ENGINEERS)) {
      grant(group, Resources.PROCESS_DEFINITION, CHARTER_CHANGE, ProcessDefinitionPermissions.CREATE_INSTANCE);
      grant(group, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);
    }
    // ML engineers watch running projects; compliance reads the history (the audit trail).
    grant(Roles.ML_ENGINEERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.ML_ENGINEERS, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ_INSTANCE);
    grant(Roles.ML_ENGINEERS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ);
    grant(Roles.COMPLIANCE, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.COMPLIANCE, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ_HISTORY);
    // Trainers fetch, lock and complete the external tasks of external-training, and nothing else
    // (the route list lets them call the external-task API alone; the guard checks what they send).
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_TRAINING, Permissions.READ);
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_TRAINING, Permissions.READ_INSTANCE);
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_TRAINING, Permissions.UPDATE_INSTANCE);
    // The same workers serve the models they trained: external-serving's deploy, rollback and retire tasks
    // (kept to one team's workers by a group trainers-<topic>, as any topic).
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_SERVING, Permissions.READ);
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_SERVING, Permissions.READ_INSTANCE);
    grant(Roles.TRAINERS, Resources.PROCESS_DEFINITION, EXTERNAL_SERVING, Permissions.UPDATE_INSTANCE);
  }

  private void grant(String group, Resource resource, String resourceId, Permission permission) {
    Grants.toGroup(authorizations, group, resource, resourceId, permission);
  }

  /** Kept for tests that list what a group may do. */
  List<Authorization> of(String group) {
    return new ArrayList<>(authorizations.createAuthorizationQuery().groupIdIn(group).list());
  }
}
