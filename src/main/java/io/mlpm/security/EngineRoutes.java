package io.mlpm.security;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The one list of engine REST ({@code /engine-rest/...}) and webapp API ({@code /camunda/api/...})
 * routes each role may call; everything else is refused. Reads (GET, HEAD, OPTIONS) of the engine
 * are open to every role, and the engine's authorizations decide what each one sees. Writes are
 * listed one by one, taken from what Tasklist, Cockpit and the documented contract use: a candidate
 * claims, unclaims, completes, submits the form and adds comments, and nothing more (the engine's
 * task rights alone would also allow {@code resolve}, {@code bpmnError}, {@code bpmnEscalation}
 * with variables, and editing anyone's comment). Only administrators do the rest, and outside the
 * demo profile nobody deploys: processes and policies ship with the application.
 */
public final class EngineRoutes {

  /** What the route list says: go on, log in first, or refused (with the reason). */
  public record Verdict(int status, String reason) {

    static final Verdict ALLOW = new Verdict(0, null);
    static final Verdict LOGIN = new Verdict(401, "Log in first.");

    static Verdict deny(String reason) {
      return new Verdict(403, reason);
    }

    public boolean allowed() {
      return status == 0;
    }
  }

  private record Route(String method, PathPattern pattern) {}

  private static final PathPatternParser PARSER = new PathPatternParser();
  private static final String ENGINE_REST = "/engine-rest";
  private static final String WEBAPP_ENGINE = "/camunda/api/engine/engine";

  /** Everyone's writes: what a candidate does with a task, and reading queries sent by POST. */
  private static final List<Route> CANDIDATE_WRITES = routes(
      "POST /task/{id}/claim", "POST /task/{id}/unclaim", "POST /task/{id}/complete", "POST /task/{id}/submit-form",
      "POST /task/{id}/comment/create",
      "POST /task", "POST /task/count", "POST /filter/{id}/list", "POST /filter/{id}/count",
      "POST /process-instance", "POST /process-instance/count", "POST /execution", "POST /execution/count",
      "POST /variable-instance", "POST /variable-instance/count", "POST /job", "POST /job/count",
      "POST /history/process-instance", "POST /history/process-instance/count",
      "POST /history/task", "POST /history/task/count",
      "POST /history/activity-instance", "POST /history/activity-instance/count",
      "POST /history/variable-instance", "POST /history/variable-instance/count",
      "POST /history/detail", "POST /history/decision-instance");

  /**
   * Sponsors start projects, and those who may propose a charter change start one (the engine also
   * checks CREATE_INSTANCE: sponsors have it on the lifecycle, these four groups on charter-change,
   * whose starts become checked change requests before the engine).
   */
  private static final Set<String> STARTERS = Set.of(Roles.SPONSORS, Roles.DATA_STEWARDS, Roles.DATA_SCIENTISTS,
      Roles.ML_ENGINEERS);
  private static final List<Route> STARTER_WRITES = routes(
      "POST /process-definition/key/{key}/start", "POST /process-definition/key/{key}/submit-form",
      "POST /process-definition/key/{key}/tenant-id/{tenant}/start",
      "POST /process-definition/key/{key}/tenant-id/{tenant}/submit-form",
      "POST /process-definition/{id}/start", "POST /process-definition/{id}/submit-form");

  /** Before login: the webapps' assets, their login and logout, and the list of engine names. */
  private static final List<Route> PUBLIC_WEBAPP = routes(
      "GET /camunda/api/{app}/plugin/{plugin}/static/**", "POST /camunda/api/admin/auth/user/{engine}/login/{app}",
      "POST /camunda/api/admin/auth/user/{engine}/logout", "GET /camunda/api/admin/auth/user/{engine}",
      "GET /camunda/api/engine/engine", "GET /camunda/api/engine/engine/");

  /** Deployments outside the demo profile: refused to everyone, administrators too. */
  private static final List<Route> DEPLOYMENTS = routes(
      "POST /deployment/create", "POST /deployment/{id}/redeploy");

  /**
   * What a trainer's worker does with the external task it works (io.mlpm.process.rest.ExternalTaskGuard
   * checks the worker id, the topics and what a completion carries); nothing else.
   */
  private static final List<Route> TRAINER_WRITES = routes(
      "POST /external-task/fetchAndLock", "POST /external-task/{id}/complete", "POST /external-task/{id}/failure",
      "POST /external-task/{id}/extendLock", "POST /external-task/{id}/unlock");

  private static final Set<String> COCKPIT_ROLES = Set.of(Roles.ML_ENGINEERS, Roles.COMPLIANCE);

  private EngineRoutes() {}

  /**
   * @param path the request path without the context path, already normalized by the firewall
   * @param user the authenticated user, or null
   * @param groups that user's groups now
   */
  public static Verdict decide(String method, String path, String user, Set<String> groups, boolean demo) {
    return decide(method, path, user, () -> groups, demo);
  }

  /** As above, with the groups looked up only when the answer depends on them (not for reads). */
  public static Verdict decide(String method, String path, String user, Supplier<Set<String>> groups,
      boolean demo) {
    String engine = enginePath(path);
    if (engine != null) {
      if (path.startsWith(WEBAPP_ENGINE) && matches(PUBLIC_WEBAPP, method, path)) {
        return Verdict.ALLOW;
      }
      if (user == null) {
        return Verdict.LOGIN;
      }
      return engineRoute(method, engine, groups, demo);
    }
    if (path.startsWith("/camunda/api/")) {
      return webappRoute(method, path, user, groups);
    }
    return Verdict.ALLOW;
  }

  private static Verdict engineRoute(String method, String route, Supplier<Set<String>> lookup, boolean demo) {
    if (matches(DEPLOYMENTS, method, route) && !(demo && lookup.get().contains(Roles.ADMINS))) {
      return Verdict.deny("Processes and policies ship with the application: " + method + " " + route
          + " is refused" + (demo ? " to everyone but administrators in the demo profile." : " outside the demo profile."));
    }
    if (isRead(method)) {
      return Verdict.ALLOW;
    }
    Set<String> groups = lookup.get();
    if (groups.contains(Roles.ADMINS)) {
      return Verdict.ALLOW;
    }
    if (groups.contains(Roles.TRAINERS) && matches(TRAINER_WRITES, method, route)) {
      return Verdict.ALLOW;
    }
    if (matches(CANDIDATE_WRITES, method, route)
        || groups.stream().anyMatch(STARTERS::contains) && matches(STARTER_WRITES, method, route)) {
      return Verdict.ALLOW;
    }
    return Verdict.deny("Your roles " + groups + " may not call " + method + " " + route + ": candidates read, claim,"
        + " unclaim, complete and comment on their tasks; everything else on the engine is for administrators.");
  }

  private static Verdict webappRoute(String method, String path, String user, Supplier<Set<String>> lookup) {
    if (path.startsWith("/camunda/api/admin/setup/")) {
      return Verdict.deny("The administrator is created by the application's configuration, not over the webapp.");
    }
    if (matches(PUBLIC_WEBAPP, method, path)) {
      return Verdict.ALLOW;
    }
    if (user == null) {
      return Verdict.LOGIN;
    }
    if (path.startsWith("/camunda/api/tasklist/") && isRead(method)) {
      return Verdict.ALLOW;
    }
    Set<String> groups = lookup.get();
    if (groups.contains(Roles.ADMINS)) {
      return Verdict.ALLOW;
    }
    boolean cockpit = path.startsWith("/camunda/api/cockpit/plugin/") && groups.stream().anyMatch(COCKPIT_ROLES::contains)
        // Cockpit's plugin API answers queries by POST; none of them changes anything.
        && (isRead(method) || "POST".equals(method));
    if (cockpit) {
      return Verdict.ALLOW;
    }
    return Verdict.deny("Your roles " + groups + " may not call " + method + " " + path + ".");
  }

  /** The engine REST route of a path ({@code /task/1/claim}), or null when it is not one. */
  static String enginePath(String path) {
    String rest;
    if (path.equals(ENGINE_REST) || path.startsWith(ENGINE_REST + "/")) {
      rest = path.substring(ENGINE_REST.length());
      if (rest.startsWith("/engine/")) {
        int next = rest.indexOf('/', "/engine/".length());
        rest = next < 0 ? "" : rest.substring(next);
      }
    } else if (path.equals(WEBAPP_ENGINE) || path.startsWith(WEBAPP_ENGINE + "/")) {
      String afterEngine = path.substring(WEBAPP_ENGINE.length());
      int next = afterEngine.indexOf('/', 1);
      rest = afterEngine.length() <= 1 || next < 0 ? "" : afterEngine.substring(next);
    } else {
      return null;
    }
    return rest.isEmpty() ? "/" : rest;
  }

  private static boolean isRead(String method) {
    return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
  }

  private static boolean matches(List<Route> routes, String method, String path) {
    PathContainer container = PathContainer.parsePath(path);
    return routes.stream().anyMatch(r -> r.method().equals(method) && r.pattern().matches(container));
  }

  private static List<Route> routes(String... specs) {
    return java.util.Arrays.stream(specs).map(spec -> {
      int space = spec.indexOf(' ');
      return new Route(spec.substring(0, space), PARSER.parse(spec.substring(space + 1)));
    }).toList();
  }
}
