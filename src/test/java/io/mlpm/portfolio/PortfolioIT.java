package io.mlpm.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The portfolio and a project's history through real HTTP with each role's rights: who sees which
 * projects, what each waits for and on whom, the filters and their errors, and the timeline built
 * from the project's records.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PortfolioIT {

  private static final String START = "/engine-rest/process-definition/key/ml-project-lifecycle/start";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  private Http http;
  private static boolean started;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() {
    TestApp.irisDataset(dir);
  }

  /** Once for the class (the application is shared by its tests). */
  @BeforeEach
  void twoProjects() {
    http = new Http(port);
    if (started) {
      return;
    }
    started = true;
    // "folio-charter" waits for its sponsor; "folio-data" for a data steward.
    start("folio-charter", "Folio charter");
    start("folio-data", "Folio data");
    String charter = http.awaitTask("sponsor", "folio-data", "approveCharter");
    http.postExpect(204, "sponsor", "/engine-rest/task/" + charter + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "Looks measurable")));
    http.awaitTask("steward", "folio-data", "approveDataset");
    http.awaitTask("sponsor", "folio-charter", "approveCharter");
  }

  @Test
  void eachRoleSeesTheProjectsItMayReadWithWhatTheyWaitForAndOnWhom() {
    JsonNode mine = http.json("sponsor", "/api/projects");
    assertThat(keys(mine)).containsExactlyInAnyOrder("folio-charter", "folio-data");
    JsonNode charter = row(mine, "folio-charter");
    assertThat(charter.get("attention").asText()).isEqualTo("WAITING");
    assertThat(charter.get("phase").asText()).isEqualTo("charter-approval");
    JsonNode waiting = charter.at("/waitingFor/0");
    assertThat(waiting.get("taskKey").asText()).isEqualTo("approveCharter");
    assertThat(waiting.get("candidates").toString()).contains("user:sponsor");
    assertThat(waiting.get("role").asText()).isEqualTo("sponsors");
    assertThat(waiting.get("since").asText()).isNotBlank();
    assertThat(waiting.get("waited").asText()).isNotBlank();
    // The sponsor is the candidate: a link to the task in Tasklist; the dataset's sign-off is a steward's.
    assertThat(waiting.get("tasklist").asText()).isEqualTo("/camunda/app/tasklist/default/#/?task="
        + waiting.get("taskId").asText());
    JsonNode data = row(mine, "folio-data").at("/waitingFor/0");
    assertThat(data.get("taskKey").asText()).isEqualTo("approveDataset");
    assertThat(data.get("candidates").toString()).contains("group:data-stewards");
    assertThat(data.get("tasklist").isNull()).isTrue();
    assertThat(row(mine, "folio-data").at("/links/history").asText()).isEqualTo("/api/projects/folio-data/history.html");

    // A steward reads the project with a steward's task only, and may open that task.
    JsonNode stewards = http.json("steward", "/api/projects");
    assertThat(keys(stewards)).containsExactly("folio-data");
    assertThat(row(stewards, "folio-data").at("/waitingFor/0/tasklist").asText()).contains("?task=");
    // Nothing is the scientist's yet; compliance reads everything.
    assertThat(http.json("scientist", "/api/projects").get("total").asInt()).isZero();
    // Another sponsor is not on these charters and has no task in them.
    assertThat(http.json("sponsor2", "/api/projects").get("total").asInt()).isZero();
    assertThat(keys(http.json("compliance", "/api/projects"))).contains("folio-charter", "folio-data");
    assertThat(http.status(null, "/api/projects")).isEqualTo(401);
  }

  @Test
  void filtersAndPagesNarrowTheListAndWrongValuesAreNamed() {
    assertThat(keys(http.json("sponsor", "/api/projects?waitingRole=data-stewards"))).containsExactly("folio-data");
    assertThat(keys(http.json("sponsor", "/api/projects?phase=charter-approval"))).containsExactly("folio-charter");
    assertThat(keys(http.json("sponsor", "/api/projects?status=active&sponsor=sponsor"))).hasSize(2);
    assertThat(keys(http.json("sponsor", "/api/projects?overdue=true"))).isEmpty();
    JsonNode first = http.json("sponsor", "/api/projects?size=1");
    JsonNode second = http.json("sponsor", "/api/projects?size=1&page=1");
    assertThat(first.get("total").asInt()).isEqualTo(2);
    assertThat(keys(first)).hasSize(1);
    assertThat(keys(second)).hasSize(1).doesNotContainAnyElementsOf(keys(first));

    Map<String, String> wrong = Map.of("phase=nowhere", "'phase'", "status=paused", "'status'",
        "waitingRole=camunda-admin", "'waitingRole'", "overdue=maybe", "'overdue'", "size=0", "'size'",
        "size=201", "'size'", "page=-1", "'page'", "page=x", "'page'");
    List<String> unnamed = new ArrayList<>();
    wrong.forEach((query, named) -> {
      Http.Response r = http.get("sponsor", "/api/projects?" + query);
      if (r.status() != 400 || !r.json().path("message").asText().contains(named)) {
        unnamed.add(query + " -> " + r.status() + " " + r.body());
      }
    });
    assertThat(unnamed).as("wrong parameters not answered 400 naming them").isEmpty();
  }

  @Test
  void theHistoryTellsWhoDecidedWhatFromTheFirstMinuteForThoseWhoMayRead() {
    JsonNode events = http.json("sponsor", "/api/projects/folio-data/history").get("events");
    List<String> what = new ArrayList<>();
    events.forEach(e -> what.add(e.get("what").asText()));
    assertThat(what).contains("Charter submitted", "Approve charter: approved");
    assertThat(what).anyMatch(w -> w.startsWith("Data checked: "));
    JsonNode signOff = null;
    for (JsonNode e : events) {
      if (e.get("what").asText().equals("Approve charter: approved")) {
        signOff = e;
      }
    }
    assertThat(signOff.get("who").asText()).isEqualTo("sponsor (sponsors)");
    assertThat(signOff.get("detail").asText()).contains("Looks measurable");
    // In the order it happened: the charter before its approval, the approval before the data check.
    assertThat(what.indexOf("Charter submitted")).isLessThan(what.indexOf("Approve charter: approved"));
    int firstCheck = what.indexOf(what.stream().filter(w -> w.startsWith("Data checked: ")).findFirst().orElseThrow());
    assertThat(what.indexOf("Approve charter: approved")).isLessThan(firstCheck);
    assertThat(http.status("scientist", "/api/projects/folio-data/history")).isEqualTo(403);
    assertThat(http.status("steward", "/api/projects/folio-charter/history.html")).isEqualTo(403);
    assertThat(http.status("sponsor", "/api/projects/no-such-project/history")).isEqualTo(404);
  }

  @Test
  void thePagesRenderTheSameForAPerson() {
    Http.Response portfolio = http.get("sponsor", "/api/projects.html?waitingRole=sponsors");
    assertThat(portfolio.status()).isEqualTo(200);
    assertThat(portfolio.body()).contains("Folio charter").contains("waiting for a sign-off")
        .contains("/camunda/app/tasklist/default/#/?task=").doesNotContain("Folio data");
    Http.Response history = http.get("steward", "/api/projects/folio-data/history.html");
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.body()).contains("History of Folio data").contains("Approve charter: approved")
        .contains("sponsor (sponsors)");
  }

  @Test
  void theStartPageOffersSponsorsDatasetsAndHeadersToSponsorsOnly() {
    JsonNode options = http.json("sponsor", "/api/start/options");
    assertThat(options.get("sponsors").toString()).contains("\"id\":\"sponsor\"").contains("\"id\":\"sponsor2\"")
        .doesNotContain("\"id\":\"steward\"");
    assertThat(options.get("datasets").toString()).contains("iris.csv");
    assertThat(options.at("/metrics/classification/0/code").asText()).isEqualTo("accuracy");
    assertThat(options.at("/metrics/classification/0/range").asText()).isEqualTo("0 to 1");
    assertThat(http.json("sponsor", "/api/start/columns?datasetUri=iris.csv").get("columns").toString())
        .contains("species");
    Http.Response outside = http.get("sponsor", "/api/start/columns?datasetUri=../etc/passwd");
    assertThat(outside.status()).isEqualTo(400);
    assertThat(outside.json().get("message").asText()).contains("'datasetUri'").contains("outside the dataset root");
    for (String path : List.of("/api/start.html", "/api/start/options", "/api/start/columns?datasetUri=iris.csv")) {
      assertThat(http.status("steward", path)).as(path).isEqualTo(403);
      assertThat(http.status(null, path)).as(path).isEqualTo(401);
    }
    Http.Response page = http.get("sponsor", "/api/start.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Start an ML project");
  }

  private static List<String> keys(JsonNode page) {
    List<String> keys = new ArrayList<>();
    page.get("projects").forEach(p -> keys.add(p.get("key").asText()));
    return keys;
  }

  private static JsonNode row(JsonNode page, String key) {
    for (JsonNode p : page.get("projects")) {
      if (p.get("key").asText().equals(key)) {
        return p;
      }
    }
    throw new AssertionError("no row for " + key + " in " + page);
  }

  private void start(String key, String name) {
    Map<String, Object> values = Map.of("projectName", name, "businessProblem", "Tell iris species apart",
        "sponsor", "sponsor", "datasetUri", "iris.csv", "targetColumn", "species", "taskType", "classification",
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]");
    Map<String, Object> variables = new HashMap<>();
    values.forEach((k, v) -> variables.put(k, Map.of("value", v)));
    Http.Response r = http.post("sponsor", START, Map.of("businessKey", key, "variables", variables));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
