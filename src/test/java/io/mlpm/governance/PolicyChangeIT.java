package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A DMN policy changes only through its governed path: a process owner proposes the table with a
 * reason, another person in compliance approves it in a task, the system deploys it; every step is
 * recorded, and a redeployed table no longer lowers a gate silently.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PolicyChangeIT {

  private static final String KEY = "deployment-approval";

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  SignOffRecords records;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
  }

  /** The shipped table with its last rule turned: every deployment needs the compliance co-sign. */
  private static String stricterTable() throws Exception {
    return Files.readString(Path.of("bpmn/deployment-approval.dmn"))
        .replace("<outputEntry id=\"r3_out0\"><text>false</text></outputEntry>",
            "<outputEntry id=\"r3_out0\"><text>true</text></outputEntry>");
  }

  @Test
  void aChangeIsDeployedOnlyAfterAnotherPersonInComplianceApprovesIt() throws Exception {
    Http http = new Http(port);
    // A process owner who is also a compliance officer: proposing does not let him approve.
    assertThat(http.post("admin", "/engine-rest/user/create", Map.of("profile", Map.of("id", "owner2",
        "firstName", "Olga", "lastName", "Owner"), "credentials", Map.of("password", "demo"))).status()).isEqualTo(204);
    for (String group : List.of("camunda-admin", "compliance")) {
      assertThat(http.send("admin", "demo", HttpRequest.newBuilder(URI.create("http://localhost:" + port
          + "/engine-rest/group/" + group + "/members/owner2")).PUT(HttpRequest.BodyPublishers.noBody())).status())
          .isEqualTo(204);
    }
    assertThat(version(http)).isEqualTo(1);

    Http.Response proposed = http.post("owner2", "/api/policies/" + KEY + "/changes",
        Map.of("reason", "Every model needs a fairness review now", "dmn", stricterTable()));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    long id = proposed.json().get("id").asLong();
    assertThat(proposed.json().get("status").asText()).isEqualTo("PROPOSED");

    String task = http.awaitTask("compliance", "policy-change-" + id, "approvePolicyChange");
    Http.Response own = http.post("owner2", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(own.status()).as(own.body()).isEqualTo(403);
    assertThat(own.json().get("message").asText()).contains("proposed this policy change");
    assertThat(version(http)).as("nothing deployed before the approval").isEqualTo(1);

    assertThat(http.post("compliance", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "agreed")))
        .status()).isEqualTo(204);
    JsonNode change = http.await("compliance", "/api/policies/changes/" + id,
        c -> c.path("status").asText().equals("DEPLOYED"), "the change deployed");
    assertThat(change.get("decidedBy").asText()).isEqualTo("compliance");
    assertThat(change.get("deployedVersion").asInt()).isEqualTo(2);
    assertThat(change.get("dmn").asText()).contains("r3_out0\"><text>true");
    assertThat(version(http)).isEqualTo(2);
    assertThat(records.latest("policy-change-" + id, "approvePolicyChange")).get()
        .satisfies(s -> assertThat(List.of(s.userId(), s.decision())).containsExactly("compliance", "approved"));
  }

  @Test
  void aRejectedChangeIsNotDeployed() throws Exception {
    Http http = new Http(port);
    int before = version(http);
    Http.Response proposed = http.post("admin", "/api/policies/" + KEY + "/changes",
        Map.of("reason", "Try a stricter gate", "dmn", stricterTable()));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    long id = proposed.json().get("id").asLong();
    String task = http.awaitTask("compliance", "policy-change-" + id, "approvePolicyChange");
    assertThat(http.post("compliance", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", false))).status()).as("a rejection needs a reason")
        .isEqualTo(400);
    assertThat(http.post("compliance", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", false, "comment", "not yet")))
        .status()).isEqualTo(204);
    http.await("compliance", "/api/policies/changes/" + id, c -> c.path("status").asText().equals("REJECTED"),
        "the change rejected");
    assertThat(version(http)).isEqualTo(before);
  }

  @Test
  void badProposalsAreRefusedNamingTheProblem() throws Exception {
    Http http = new Http(port);
    String table = stricterTable();
    Map<String, Object[]> cases = Map.of(
        "sponsor", new Object[] {403, KEY, Map.of("reason", "x", "dmn", table), "process owners"},
        "admin-1", new Object[] {400, KEY, Map.of("dmn", table), "'reason' is required"},
        "admin-2", new Object[] {400, KEY, Map.of("reason", "x", "dmn", "<definitions>"), "not valid DMN"},
        "admin-3", new Object[] {400, "no-such-policy", Map.of("reason", "x", "dmn", table), "no policy 'no-such-policy'"},
        "admin-4", new Object[] {400, KEY, Map.of("reason", "x", "dmn", table.replaceFirst("<inputExpression ",
            "<inputExpression expressionLanguage='juel' ")), "only FEEL"},
        "admin-5", new Object[] {400, KEY, Map.of("reason", "x", "dmn", "<?xml version=\"1.0\"?><!DOCTYPE d ["
            + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + table.substring(table.indexOf("<definitions"))),
            "not valid DMN"});
    for (Map.Entry<String, Object[]> c : cases.entrySet()) {
      String user = c.getKey().startsWith("admin") ? "admin" : c.getKey();
      Http.Response r = http.post(user, "/api/policies/" + c.getValue()[1] + "/changes", c.getValue()[2]);
      assertThat(r.status()).as(c.getKey() + ": " + r.body()).isEqualTo(c.getValue()[0]);
      assertThat(r.json().get("message").asText()).as(c.getKey()).contains((String) c.getValue()[3]);
    }
    assertThat(http.status("sponsor", "/api/policies")).isEqualTo(403);
    assertThat(http.status("compliance", "/api/policies")).isEqualTo(200);
  }

  private static int version(Http http) {
    int newest = 0;
    for (JsonNode v : http.json("compliance", "/api/policies").get("versions")) {
      if (v.get("decisionKey").asText().equals(KEY)) {
        newest = Math.max(newest, v.get("version").asInt());
      }
    }
    return newest;
  }
}
