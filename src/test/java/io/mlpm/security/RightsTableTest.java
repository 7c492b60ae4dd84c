package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.governance.PolicyController;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The README's rights table and demo users are what the code does: each cell is checked against
 * the engine route list, the right the matching /api handler declares, the policy and metrics
 * checks; every /api handler beyond a project read has its row.
 */
class RightsTableTest {

  private static final String TOKEN = "serving token";
  private static final List<String> COLUMNS = Stream.concat(Stream.concat(Roles.BUSINESS.stream(),
      Stream.of(Roles.ADMINS)), Stream.of(TOKEN)).toList();
  private static final Map<String, String> SAMPLES = Map.of("{key}", "iris-2026", "{id}", "7", "{name}", "x",
      "{decisionKey}", "deployment-approval", "{taskId}", "t-1");

  private record Handler(String method, String pattern, Method java) {}

  private static List<String> readme;
  private static List<Handler> handlers;

  @BeforeAll
  static void read() throws Exception {
    readme = Files.readAllLines(Path.of("README.md"));
    handlers = new ArrayList<>();
    ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
    scan.addIncludeFilter(new AnnotationTypeFilter(Controller.class));
    for (BeanDefinition bean : scan.findCandidateComponents("io.mlpm")) {
      for (Method m : Class.forName(bean.getBeanClassName()).getDeclaredMethods()) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(m, RequestMapping.class);
        if (mapping == null) {
          continue;
        }
        for (String path : mapping.path()) {
          for (var method : mapping.method()) {
            handlers.add(new Handler(method.name(), path, m));
          }
        }
      }
    }
    assertThat(handlers).as("handlers found by the scan").hasSizeGreaterThan(10);
  }

  @Test
  void everyCellIsWhatTheCodeDecides() {
    Map<String, List<String>> table = table("| request |");
    assertThat(table).as("the rights table").isNotEmpty();
    List<String> wrong = new ArrayList<>();
    table.forEach((request, cells) -> {
      String method = request.substring(0, request.indexOf(' '));
      String path = sample(request.substring(request.indexOf(' ') + 1));
      for (int i = 0; i < COLUMNS.size(); i++) {
        String column = COLUMNS.get(i);
        String expected = expected(method, path, column, cells.get(i));
        if (!expected.equals(cells.get(i))) {
          wrong.add(request + " / " + column + ": README says '" + cells.get(i) + "', the code '" + expected + "'");
        }
      }
    });
    assertThat(wrong).isEmpty();
  }

  @Test
  void theTableHasOneColumnPerGroupAndTheServingToken() {
    String header = readme.stream().filter(l -> l.startsWith("| request |")).findFirst().orElseThrow();
    assertThat(cells(header).subList(1, cells(header).size())).containsExactlyElementsOf(COLUMNS);
  }

  @Test
  void everyProjectRouteBeyondAReadHasItsRow() {
    Set<String> rows = table("| request |").keySet();
    List<String> missing = handlers.stream()
        .filter(h -> h.pattern().startsWith("/api/") && !h.pattern().equals("/error"))
        .filter(h -> right(h) != ProjectRight.READ)
        .map(h -> h.method() + " " + h.pattern())
        .filter(r -> !rows.contains(r))
        .toList();
    assertThat(missing).as("/api routes without a row in the README's rights table").isEmpty();
  }

  @Test
  void theDemoUsersAreThoseIdentitySetupCreates() {
    Map<String, String> listed = new LinkedHashMap<>();
    table("| user | group |").forEach((user, cells) -> listed.put(user, cells.get(0)));
    Map<String, String> created = new LinkedHashMap<>();
    IdentitySetup.DEMO_USERS.forEach(u -> created.put(u[0], u[3]));
    created.put("admin", Roles.ADMINS);
    assertThat(listed).containsExactlyInAnyOrderEntriesOf(created);
  }

  private static String expected(String method, String path, String column, String said) {
    // The project routes, and the portfolio's (/api/projects, /api/projects.html) without a key.
    if (path.startsWith("/api/projects/") || path.equals("/api/projects") || path.equals("/api/projects.html")) {
      ProjectRight right = right(handler(method, path));
      if (column.equals(TOKEN)) {
        return right.forToken() ? "project" : "—";
      }
      return right.always().contains(column) ? "yes" : right.conditionally().contains(column) ? "project" : "—";
    }
    if (column.equals(TOKEN)) {
      // Tokens pass the firewall only to project routes that declare them.
      return "—";
    }
    if (path.startsWith("/api/policies")) {
      handler(method, path);
      Set<String> groups = "GET".equals(method) ? PolicyController.READERS : PolicyController.PROPOSERS;
      return groups.contains(column) ? "yes" : "—";
    }
    if (path.startsWith("/api/webhooks") || path.startsWith("/api/notifications")) {
      handler(method, path);
      return io.mlpm.notification.WebhookController.OWNERS.contains(column) ? "yes" : "—";
    }
    if (path.startsWith("/api/start")) {
      handler(method, path);
      return io.mlpm.portfolio.StartPageController.STARTERS.contains(column) ? "yes" : "—";
    }
    if (path.startsWith("/api/trainer/")) {
      // The external trainers' routes: the trainers group alone, which is not a column (a worker, not a person).
      handler(method, path);
      return "—";
    }
    if (path.startsWith("/actuator/")) {
      return WebSecurityConfiguration.METRICS_READERS.contains(column) ? "yes" : "—";
    }
    boolean allowed = EngineRoutes.decide(method, path, "someone", Set.of(column), false).allowed();
    boolean inDemo = EngineRoutes.decide(method, path, "someone", Set.of(column), true).allowed();
    if (!allowed) {
      return inDemo ? "demo" : "—";
    }
    // A route open to every business group is a candidate's work on a task, unless it only reads.
    boolean everyone = Roles.BUSINESS.stream()
        .allMatch(g -> EngineRoutes.decide(method, path, "someone", Set.of(g), false).allowed());
    return everyone && !"GET".equals(method) ? "candidate" : "yes";
  }

  private static Handler handler(String method, String path) {
    List<Handler> found = handlers.stream().filter(h -> h.method().equals(method)
        && PathPatternParser.defaultInstance.parse(h.pattern()).matches(PathContainer.parsePath(path))).toList();
    assertThat(found).as("the handler of " + method + " " + path).hasSize(1);
    return found.get(0);
  }

  private static ProjectRight right(Handler h) {
    Requires requires = h.java().getAnnotation(Requires.class);
    return requires == null ? null : requires.value();
  }

  private static String sample(String path) {
    String sampled = path;
    for (var e : SAMPLES.entrySet()) {
      sampled = sampled.replace(e.getKey(), e.getValue());
    }
    return sampled;
  }

  /** The rows of the README table whose header starts so: first cell to the others, without backticks. */
  private static Map<String, List<String>> table(String headerStart) {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    int at = readme.indexOf(readme.stream().filter(l -> l.startsWith(headerStart)).findFirst().orElseThrow());
    for (int i = at + 2; i < readme.size() && readme.get(i).startsWith("|"); i++) {
      List<String> cells = cells(readme.get(i));
      rows.put(cells.get(0), cells.subList(1, cells.size()));
    }
    return rows;
  }

  private static List<String> cells(String line) {
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(c -> c.strip().replace("`", ""))
        .collect(Collectors.toList());
  }
}
