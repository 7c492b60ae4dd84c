package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tasklist for a team with many projects, over real HTTP with each role's rights: the filters each
 * group reads, with the project beside every task; comments and task history for a task's own
 * candidates and nobody else; and the side doors of comments (another project's instance, editing,
 * deleting).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TaskCommentsAndFiltersIT {

  private static final String START = "/engine-rest/process-definition/key/ml-project-lifecycle/start";
  private static final List<String> ROLE_FILTERS = List.of("My group's sign-offs", "Assigned to me", "Overdue");

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @org.springframework.beans.factory.annotation.Autowired
  io.mlpm.process.engine.TasklistFilters filters;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() {
    TestApp.irisDataset(dir);
  }

  @Test
  void everyRoleReadsItsThreeFiltersAndOnlyAdministratorsTheRest() {
    Http http = new Http(port);
    for (String user : List.of("sponsor", "steward", "scientist", "engineer", "compliance")) {
      List<String> names = names(http.json(user, "/engine-rest/filter?resourceType=Task"));
      assertThat(names).as(user).containsExactlyInAnyOrderElementsOf(ROLE_FILTERS);
    }
    assertThat(names(http.json("admin", "/engine-rest/filter?resourceType=Task"))).containsAll(ROLE_FILTERS)
        .contains("All tasks");
    JsonNode mine = filter(http, "sponsor", "My group's sign-offs");
    assertThat(mine.at("/properties/variables").toString()).contains("taskProjectName").contains("taskProjectKey")
        .contains("\"Project\"").contains("\"Key\"");
    // Filters are the administrators' to change.
    Http.Response edit = http.request("sponsor", "PUT", "/engine-rest/filter/" + mine.get("id").asText(),
        Map.of("resourceType", "Task", "name", "Everything", "query", Map.of()));
    assertThat(edit.status()).as(edit.body()).isEqualTo(403);
    assertThat(http.request("sponsor", "POST", "/engine-rest/filter/create",
        Map.of("resourceType", "Task", "name", "Mine", "query", Map.of())).status()).isEqualTo(403);
  }

  /** A database from before: every group read "All tasks"; an administrator's own filter stays as granted. */
  @Test
  void aLegacyGrantOnAllTasksGoesAtStartAndAnAdministratorsFilterStays() {
    Http http = new Http(port);
    String all = filter(http, "admin", "All tasks").get("id").asText();
    Http.Response made = http.post("admin", "/engine-rest/filter/create", Map.of("resourceType", "Task",
        "name", "Stewards' own", "query", Map.of()));
    assertThat(made.status()).as(made.body()).isEqualTo(200);
    String own = made.json().get("id").asText();
    for (String[] grant : new String[][] {{"sponsors", all}, {"data-stewards", own}}) {
      http.postExpect(200, "admin", "/engine-rest/authorization/create", Map.of("type", 1, "permissions",
          List.of("READ"), "groupId", grant[0], "resourceType", 5, "resourceId", grant[1]));
    }
    // An administrator's own filter that happens to share a role filter's name.
    Http.Response same = http.post("admin", "/engine-rest/filter/create", Map.of("resourceType", "Task",
        "name", "Overdue", "query", Map.of("assignee", "admin")));
    assertThat(same.status()).as(same.body()).isEqualTo(200);
    String sameId = same.json().get("id").asText();
    try {
      assertThat(names(http.json("sponsor", "/engine-rest/filter?resourceType=Task"))).contains("All tasks");
      filters.onReady();
      assertThat(http.json("admin", "/engine-rest/filter/" + sameId).at("/query/assignee").asText()).isEqualTo("admin");
      assertThat(names(http.json("steward", "/engine-rest/filter?resourceType=Task"))).containsOnlyOnce("Overdue");
      assertThat(names(http.json("sponsor", "/engine-rest/filter?resourceType=Task"))).doesNotContain("All tasks");
      assertThat(names(http.json("steward", "/engine-rest/filter?resourceType=Task"))).contains("Stewards' own");
    } finally {
      http.request("admin", "DELETE", "/engine-rest/filter/" + own, null);
      http.request("admin", "DELETE", "/engine-rest/filter/" + sameId, null);
    }
  }

  @Test
  void theSignOffFilterListsTheProjectsNameAndKeyBesideEachTaskForItsCandidatesOnly() {
    Http http = new Http(port);
    start(http, "team-columns", "Churn of telco customers Q3");
    String task = http.awaitTask("sponsor", "team-columns", "approveCharter");
    String mine = filter(http, "sponsor", "My group's sign-offs").get("id").asText();
    JsonNode list = hal(http, "sponsor", "/engine-rest/filter/" + mine + "/list?maxResults=50");
    JsonNode entry = null;
    for (JsonNode t : list.at("/_embedded/task")) {
      if (t.get("id").asText().equals(task)) {
        entry = t;
      }
    }
    assertThat(entry).as("the charter task in the sponsor's sign-offs: " + list).isNotNull();
    assertThat(entry.get("name").asText()).isEqualTo("Approve charter — Churn of telco customers Q3 (team-columns)");
    Map<String, String> columns = new HashMap<>();
    entry.at("/_embedded/variable").forEach(v -> columns.put(v.get("name").asText(), v.get("value").asText()));
    assertThat(columns).containsEntry("taskProjectName", "Churn of telco customers Q3")
        .containsEntry("taskProjectKey", "team-columns");
    // Another sponsor is not the charter's sponsor; a steward is no candidate at all.
    for (String other : List.of("sponsor2", "steward")) {
      String theirs = filter(http, other, "My group's sign-offs").get("id").asText();
      assertThat(http.json(other, "/engine-rest/filter/" + theirs + "/list?maxResults=50").toString()).as(other)
          .doesNotContain(task);
    }
    // The columns are the engine's: a candidate cannot write them.
    assertThat(http.request("sponsor", "PUT", "/engine-rest/task/" + task + "/localVariables/taskProjectName",
        Map.of("value", "Something else")).status()).isEqualTo(403);
  }

  /**
   * Every sign-off gets a due date when it is created (the charter's approval: 2 days), or the
   * charter's own; one past it is in the "Overdue" filter of its candidates and the portfolio's.
   */
  @Test
  void aSignOffPastItsDueDateIsOverdueInTasklistAndThePortfolio() {
    Http http = new Http(port);
    java.time.Instant now = java.time.Instant.now();
    // Started three days ago (the engine's clock), so its two days are up by now.
    org.camunda.bpm.engine.impl.util.ClockUtil.setCurrentTime(java.util.Date.from(now.minus(java.time.Duration.ofDays(3))));
    try {
      start(http, "team-late", "Late project");
    } finally {
      org.camunda.bpm.engine.impl.util.ClockUtil.reset();
    }
    String late = http.awaitTask("sponsor", "team-late", "approveCharter");
    java.time.Instant due = java.time.OffsetDateTime.parse(http.json("sponsor", "/engine-rest/task/" + late).get("due")
        .asText(), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
    assertThat(java.time.Duration.between(now.minus(java.time.Duration.ofDays(1)), due).abs())
        .isLessThan(java.time.Duration.ofMinutes(5));
    Map<String, Object> ownDays = new HashMap<>(Map.of("signOffDays", Map.of("value", 10)));
    startWith(http, "team-roomy", "Roomy project", ownDays);
    String roomy = http.awaitTask("sponsor", "team-roomy", "approveCharter");
    java.time.Instant roomyDue = java.time.OffsetDateTime.parse(http.json("sponsor", "/engine-rest/task/" + roomy)
        .get("due").asText(), java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
    assertThat(java.time.Duration.between(now.plus(java.time.Duration.ofDays(10)), roomyDue).abs())
        .isLessThan(java.time.Duration.ofMinutes(5));

    String overdue = filter(http, "sponsor", "Overdue").get("id").asText();
    String listed = http.json("sponsor", "/engine-rest/filter/" + overdue + "/list?maxResults=100").toString();
    assertThat(listed).contains(late).doesNotContain(roomy);
    String stewards = filter(http, "steward", "Overdue").get("id").asText();
    assertThat(http.json("steward", "/engine-rest/filter/" + stewards + "/list?maxResults=100").toString())
        .doesNotContain(late);
    JsonNode portfolio = http.json("sponsor", "/api/projects?overdue=true");
    List<String> keys = new ArrayList<>();
    portfolio.get("projects").forEach(p -> keys.add(p.get("key").asText()));
    assertThat(keys).contains("team-late").doesNotContain("team-roomy");
    assertThat(portfolio.get("projects").get(0).get("attention").asText()).isEqualTo("OVERDUE");
    // What needs attention first: the overdue sign-off before those still in time.
    JsonNode all = http.json("sponsor", "/api/projects");
    assertThat(all.get("projects").get(0).get("key").asText()).isEqualTo("team-late");
    assertThat(all.get("projects").get(1).get("attention").asText()).isEqualTo("WAITING");
  }

  @Test
  void candidatesCommentOnTheirTaskAndReadItsHistoryAndNobodyElseDoes() {
    Http http = new Http(port);
    start(http, "team-comments", "Iris for comments");
    String charter = http.awaitTask("sponsor", "team-comments", "approveCharter");
    http.postExpect(204, "sponsor", "/engine-rest/task/" + charter + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "go")));
    String task = http.awaitTask("steward", "team-comments", "approveDataset");
    String base = "/engine-rest/task/" + task;

    http.postExpect(204, "steward", base + "/claim", Map.of("userId", "steward"));
    Http.Response added = http.post("steward", base + "/comment/create",
        Map.of("message", "Is the 2019 extract the right one?"));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("userId").asText()).isEqualTo("steward");
    http.postExpect(200, "steward2", base + "/comment/create", Map.of("message", "Yes, it is."));

    JsonNode comments = http.json("steward", base + "/comment");
    assertThat(comments).hasSize(2);
    assertThat(comments.toString()).contains("Is the 2019 extract the right one?").contains("Yes, it is.");
    // The History tab: the claim, by whom.
    JsonNode history = http.json("steward2", "/engine-rest/history/user-operation?taskId=" + task);
    assertThat(history.toString()).contains("\"operationType\":\"Claim\"").contains("\"userId\":\"steward\"");
    assertThat(http.json("steward", "/engine-rest/history/task?taskId=" + task)).hasSize(1);

    // Not a candidate: neither reads nor writes the task's comments or history.
    for (String outsider : List.of("sponsor", "scientist", "engineer")) {
      assertThat(http.status(outsider, base + "/comment")).as(outsider).isEqualTo(404);
      assertThat(http.json(outsider, "/engine-rest/history/user-operation?taskId=" + task)).as(outsider).isEmpty();
      assertThat(http.json(outsider, "/engine-rest/history/task?taskId=" + task)).as(outsider).isEmpty();
      Http.Response r = http.post(outsider, base + "/comment/create", Map.of("message", "approve it already"));
      assertThat(r.status()).as(outsider + " " + r.body()).isEqualTo(403);
      assertThat(r.json().get("message").asText()).contains("not a candidate");
    }
    assertThat(http.json("steward", base + "/comment")).hasSize(2);
  }

  @Test
  void commentsAreAppendOnlyBoundedAndStayWithTheirOwnProject() {
    Http http = new Http(port);
    String own = start(http, "team-own", "Own project");
    String other = start(http, "team-other", "Other project");
    String task = http.awaitTask("sponsor", "team-own", "approveCharter");
    String base = "/engine-rest/task/" + task;
    JsonNode first = http.post("sponsor", base + "/comment/create",
        Map.of("message", "First thought", "processInstanceId", own)).json();
    String comment = first.get("id").asText();

    List<String> refused = new ArrayList<>();
    List<Map<String, Object>> bad = List.of(
        Map.of("message", "filed under another project", "processInstanceId", other),
        Map.of("message", " "),
        Map.of("message", "x".repeat(4_001)),
        Map.of("message", "written by someone else", "userId", "sponsor2"));
    for (Map<String, Object> body : bad) {
      Http.Response r = http.post("sponsor", base + "/comment/create", body);
      if (r.status() != 400 || !r.json().has("message")) {
        refused.add(body.keySet() + " -> " + r.status() + " " + r.body());
      }
    }
    assertThat(refused).as("bad comments not answered 400 with a message").isEmpty();
    assertThat(http.post("sponsor", base + "/comment/create", "not json").status()).isEqualTo(400);
    assertThat(http.post("sponsor", "/engine-rest/task/no-such-task/comment/create", Map.of("message", "hello"))
        .status()).isEqualTo(404);

    // Append-only: no edit, no delete, not even one's own; no comment on the instance directly.
    List<Http.Response> attempts = List.of(
        http.request("sponsor", "PUT", base + "/comment", Map.of("id", comment, "message", "Second thought")),
        http.request("sponsor", "DELETE", base + "/comment/" + comment, null),
        http.request("sponsor", "DELETE", base + "/comment", null),
        http.request("sponsor", "POST", "/engine-rest/process-instance/" + other + "/comment/create",
            Map.of("message", "under the other project")),
        http.request("sponsor", "PUT", "/engine-rest/process-instance/" + own + "/comment",
            Map.of("id", comment, "message", "Second thought")));
    assertThat(attempts).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(403));

    JsonNode comments = http.json("sponsor", base + "/comment");
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).get("message").asText()).isEqualTo("First thought");
    assertThat(http.json("admin", "/engine-rest/process-instance/" + other + "/comment")).isEmpty();
  }

  private static List<String> names(JsonNode filters) {
    List<String> names = new ArrayList<>();
    filters.forEach(f -> names.add(f.get("name").asText()));
    return names;
  }

  private static JsonNode filter(Http http, String user, String name) {
    for (JsonNode f : http.json(user, "/engine-rest/filter?resourceType=Task")) {
      if (f.get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError(user + " reads no filter '" + name + "'");
  }

  private JsonNode hal(Http http, String user, String path) {
    Http.Response r = http.send(user, "demo", HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept", "application/hal+json").GET());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String start(Http http, String key, String name) {
    return startWith(http, key, name, Map.of());
  }

  private static String startWith(Http http, String key, String name, Map<String, Object> extra) {
    Map<String, Object> values = Map.of("projectName", name, "businessProblem", "Tell iris species apart",
        "sponsor", "sponsor", "datasetUri", "iris.csv", "targetColumn", "species", "taskType", "classification",
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]");
    Map<String, Object> variables = new HashMap<>();
    values.forEach((k, v) -> variables.put(k, Map.of("value", v)));
    variables.putAll(extra);
    Http.Response r = http.post("sponsor", START, Map.of("businessKey", key, "variables", variables));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("id").asText();
  }
}
