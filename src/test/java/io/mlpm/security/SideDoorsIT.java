package io.mlpm.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Each side door of the engine's API that an insider with an ordinary role tried, through real
 * HTTP with authentication: every test is named after what it refuses and checks that nothing
 * changed (the task still open and unassigned, no variable written).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SideDoorsIT {

  private static final String START = "/engine-rest/process-definition/key/ml-project-lifecycle/start";
  private static final List<String> ROLES = List.of("sponsor", "steward", "scientist", "engineer", "compliance",
      "admin");

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  ServletWebServerApplicationContext context;

  @Autowired
  io.mlpm.governance.SignOffRecords records;

  @Autowired
  io.mlpm.registry.ModelRegistry registry;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() throws Exception {
    TestApp.irisDataset(dir);
  }

  @Test
  void theFirewallAndSpringSecurityRunBeforeEveryOtherFilter() {
    Tomcat tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
    Context webapp = (Context) tomcat.getHost().findChildren()[0];
    FilterMap[] maps = webapp.findFilterMaps();
    List<String> names = java.util.Arrays.stream(maps).map(FilterMap::getFilterName).toList();
    assertThat(names.get(0)).as("the first filter of every request").isEqualTo("firewall");
    assertThat(maps[0].getURLPatterns()).contains("/*");
    // Only Spring's character encoding (sets the charset) and observation (times the request)
    // filters may come between; neither routes nor reads the body. No Camunda filter, no guard.
    List<String> beforeSecurity = names.subList(1, names.indexOf("springSecurityFilterChain"));
    assertThat(beforeSecurity).as("filters between the firewall and Spring Security")
        .isSubsetOf("characterEncodingFilter", "webMvcObservationFilter");
  }

  /** The webapps' login check read the raw URI while routing dropped path parameters. */
  @Test
  void pathParametersAndUnnormalizedPathsAreRefusedForEveryone() {
    List<String> paths = new ArrayList<>();
    for (String base : List.of("/camunda/api/engine/engine/default/user", "/camunda/api/cockpit/plugin/base/default/process-definition",
        "/camunda/api/admin/auth/user/default", "/camunda/api/tasklist/plugin/tasklistPlugins/static/app/plugin.js",
        "/engine-rest/engine/default/task", "/api/projects/p1/models", "/engine-rest/external-task/t1",
        "/api/trainer/tasks/t1/training.csv")) {
      String[] segments = base.substring(1).split("/");
      for (int i = 0; i < segments.length; i++) {
        for (String twist : i == segments.length - 1 ? List.of(";x", "%3Bx", "%2e", "%2F..", "%5C", "%25", "/..")
            : List.of(";x", "%3Bx", "%2e", "%2F..", "%5C", "%25", "/", "/..")) {
          String[] copy = segments.clone();
          copy[i] = copy[i] + twist;
          paths.add("/" + String.join("/", copy));
        }
      }
    }
    List<String> users = new ArrayList<>(ROLES);
    users.add("trainer");
    users.add(null);
    Http http = new Http(port);
    List<String> leaks = new ArrayList<>();
    for (String user : users) {
      for (String path : paths) {
        Http.Response r = http.send(user, "demo", HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
        if (r.status() < 300 || r.status() >= 500) {
          leaks.add((user == null ? "anonymous" : user) + " GET " + path + " -> " + r.status());
        }
      }
    }
    assertThat(leaks).as("no 2xx and no 500 for a non-normalized path").isEmpty();
    Http.Response anonymous = http.send(null, null, HttpRequest.newBuilder(
        URI.create("http://localhost:" + port + "/camunda/api/engine/engine;x/default/user")).GET());
    assertThat(anonymous.status()).isEqualTo(400);
    assertThat(anonymous.json().get("type").asText()).isEqualTo("RequestRejected");
  }

  @Test
  void anonymousCallersOfTheWebappApiMustLogIn() {
    Http http = new Http(port);
    for (String path : List.of("/camunda/api/engine/engine/default/user", "/camunda/api/engine/engine/default/task",
        "/camunda/api/cockpit/plugin/base/default/process-definition/statistics-count")) {
      assertThat(http.get(null, path).status()).as(path).isEqualTo(401);
    }
    assertThat(http.post(null, "/camunda/api/admin/setup/default/user/create",
        Map.of("profile", Map.of("id", "mallory"), "credentials", Map.of("password", "x"))).status()).isEqualTo(403);
    assertThat(http.status("admin", "/engine-rest/user/mallory/profile")).isEqualTo(404);
  }

  @Test
  void nobodyButAdministratorsFetchesCompletesOrFailsALongStep() {
    // The long steps (evaluation included, whose completion carries criteriaMet) are worked by the
    // application's own pool; through REST a role could lock one and complete it with its own verdict.
    Http http = new Http(port);
    Map<String, Object> fetch = Map.of("workerId", "mallory", "maxTasks", 10, "topics",
        List.of(Map.of("topicName", "mlpm.evaluateModel", "lockDuration", 600000)));
    String task = "/engine-rest/external-task/some-task";
    for (String user : List.of("sponsor", "steward", "scientist", "engineer", "compliance")) {
      List<Http.Response> attempts = List.of(
          http.request(user, "POST", "/engine-rest/external-task/fetchAndLock", fetch),
          http.request(user, "POST", task + "/lock", Map.of("workerId", "mallory", "lockDuration", 600000)),
          http.request(user, "POST", task + "/complete", Map.of("workerId", "mallory",
              "variables", Map.of("criteriaMet", Map.of("value", true)))),
          http.request(user, "POST", task + "/failure", Map.of("workerId", "mallory", "retries", 0)),
          http.request(user, "POST", task + "/bpmnError", Map.of("workerId", "mallory", "errorCode", "stepFailed")),
          http.request(user, "POST", task + "/extendLock", Map.of("workerId", "mallory", "newDuration", 600000)),
          http.request(user, "POST", task + "/unlock", null),
          http.request(user, "PUT", task + "/retries", Map.of("retries", 0)));
      assertThat(attempts).as(user).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(403));
    }
  }

  @Test
  void anEngineerCannotWriteVariablesSuspendModifyOrSignalAProject() {
    Http http = new Http(port);
    String instance = start(http, "doors-engineer");
    String task = http.awaitTask("sponsor", "doors-engineer", "approveCharter");
    String base = "/engine-rest/process-instance/" + instance;
    List<Http.Response> attempts = List.of(
        http.request("engineer", "PUT", base + "/variables/riskLevel", Map.of("value", "low")),
        http.request("engineer", "POST", base + "/variables", Map.of("modifications", Map.of("riskLevel", Map.of("value", "low")))),
        http.request("engineer", "PUT", base + "/suspended", Map.of("suspended", true)),
        http.request("engineer", "POST", base + "/modification", Map.of("instructions",
            List.of(Map.of("type", "startBeforeActivity", "activityId", "deployModel")))),
        http.request("engineer", "POST", "/engine-rest/signal", Map.of("name", "anything")),
        http.request("engineer", "POST", "/engine-rest/message", Map.of("messageName", "retire-project",
            "businessKey", "doors-engineer")),
        http.request("engineer", "DELETE", base, null));
    assertThat(attempts).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(403));
    JsonNode variables = http.json("admin", base + "/variables");
    assertThat(variables.at("/riskLevel/value").asText()).isEqualTo("medium");
    assertThat(http.json("admin", base).get("suspended").asBoolean()).isFalse();
    assertThat(http.json("admin", "/engine-rest/task/" + task).get("taskDefinitionKey").asText()).isEqualTo("approveCharter");
  }

  @Test
  void aCandidateCannotHandTheSignOffToSomeoneElse() {
    Http http = new Http(port);
    start(http, "doors-assignee");
    String task = http.awaitTask("sponsor", "doors-assignee", "approveCharter");
    String base = "/engine-rest/task/" + task;
    List<Http.Response> attempts = List.of(
        http.request("sponsor", "POST", base + "/assignee", Map.of("userId", "scientist")),
        http.request("sponsor", "POST", base + "/delegate", Map.of("userId", "scientist")),
        http.request("sponsor", "PUT", base, Map.of("name", "Approve charter", "owner", "scientist", "assignee", "scientist")),
        http.request("sponsor", "POST", base + "/identity-links", Map.of("userId", "scientist", "type", "candidate")));
    assertThat(attempts).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(403));
    JsonNode after = http.json("admin", base);
    assertThat(after.get("assignee").isNull()).isTrue();
    assertThat(after.get("owner").isNull()).isTrue();
    assertThat(http.json("admin", base + "/identity-links").toString()).doesNotContain("scientist");
  }

  /** What the engine's task rights bundle beyond claim and complete: written variables, skipped steps. */
  @Test
  void aCandidateCannotResolveThrowErrorsOrEscalationsOrWriteVariables() {
    Http http = new Http(port);
    String instance = start(http, "doors-resolve");
    String task = http.awaitTask("sponsor", "doors-resolve", "approveCharter");
    String base = "/engine-rest/task/" + task;
    Map<String, Object> forged = Map.of("variables", Http.variables("riskLevel", "low"));
    List<Http.Response> attempts = List.of(
        http.request("sponsor", "POST", base + "/resolve", forged),
        http.request("sponsor", "POST", base + "/bpmnError", Map.of("errorCode", "x", "variables",
            Http.variables("riskLevel", "low"))),
        http.request("sponsor", "POST", base + "/bpmnEscalation", Map.of("escalationCode", "x", "variables",
            Http.variables("riskLevel", "low"))),
        http.request("sponsor", "POST", base + "/variables", Map.of("modifications", Http.variables("riskLevel", "low"))),
        http.request("sponsor", "PUT", base + "/localVariables/riskLevel", Map.of("value", "low")),
        http.request("sponsor", "PUT", base + "/variables/riskLevel", Map.of("value", "low")));
    assertThat(attempts).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(403));
    assertThat(http.json("admin", "/engine-rest/process-instance/" + instance + "/variables").at("/riskLevel/value")
        .asText()).isEqualTo("medium");
    assertThat(http.status("admin", base)).isEqualTo(200);
  }

  /** An extra riskLevel=low once skipped the compliance co-sign; a candidateModelId swapped the model. */
  @Test
  void aCompletionMayCarryOnlyTheFieldsOfItsForm() {
    Http http = new Http(port);
    String instance = start(http, "doors-extra-fields");
    String task = http.awaitTask("sponsor", "doors-extra-fields", "approveCharter");
    for (String extra : List.of("riskLevel", "candidateModelId", "deploymentApprovedBy")) {
      for (String route : List.of("/complete", "/submit-form")) {
        Http.Response r = http.post("sponsor", "/engine-rest/task/" + task + route,
            Map.of("variables", Http.variables("approved", true, "comment", "ok", extra, "low")));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("'" + extra + "' is not a field of its form")
            .contains("[approved, comment]");
      }
    }
    assertThat(http.status("sponsor", "/engine-rest/task/" + task)).isEqualTo(200);
    JsonNode variables = http.json("admin", "/engine-rest/process-instance/" + instance + "/variables");
    assertThat(variables.at("/riskLevel/value").asText()).isEqualTo("medium");
    assertThat(variables.get("candidateModelId")).isNull();
    assertThat(variables.get("deploymentApprovedBy")).isNull();
  }

  /** A start with instructions once began a "project" at approveDeployment, with no charter and no project row. */
  @Test
  void aStartThatSkipsTheCharterIsRefused() {
    Http http = new Http(port);
    List<Map<String, Object>> skips = List.of(
        Map.of("startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "approveDeployment"))),
        Map.of("skipCustomListeners", true),
        Map.of("skipIoMappings", true));
    for (Map<String, Object> skip : skips) {
      Map<String, Object> body = new java.util.HashMap<>(charter("doors-skip"));
      body.putAll(skip);
      for (String path : List.of(START, "/engine-rest/process-definition/key/ml-project-lifecycle/submit-form")) {
        Http.Response r = http.post("sponsor", path, body);
        assertThat(r.status()).as(path + " " + r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("'" + skip.keySet().iterator().next() + "' is not allowed");
      }
    }
    assertThat(http.json("admin", "/engine-rest/process-instance/count?businessKey=doors-skip").get("count").asInt())
        .isZero();
    assertThat(http.status("admin", "/api/projects/doors-skip")).isEqualTo(404);
  }

  /**
   * The co-signer once rewrote deploymentApprovedBy before co-signing: the approver now comes from
   * the sign-off records, so one person in both groups cannot sign both steps, and the registry
   * names the approver the records hold.
   */
  @Test
  void onePersonCannotApproveAndCoSignTheSameDeployment() {
    Http http = new Http(port);
    assertThat(http.post("admin", "/engine-rest/user/create", Map.of("profile",
        Map.of("id", "twohats", "firstName", "Two", "lastName", "Hats"), "credentials", Map.of("password", "demo")))
        .status()).isEqualTo(204);
    for (String group : List.of("sponsors", "compliance")) {
      assertThat(http.request("admin", "PUT", "/engine-rest/group/" + group + "/members/twohats", null).status())
          .isEqualTo(204);
    }
    String key = "doors-cosign";
    http.postExpect(200, "sponsor", START, charter(key, "riskLevel", "high"));
    complete(http, "sponsor", http.awaitTask("sponsor", key, "approveCharter"), "approved", true);
    complete(http, "steward", http.awaitTask("steward", key, "approveDataset"), "approved", true);
    complete(http, "twohats", http.awaitTask("sponsor", key, "approveDeployment"), "approved", true);

    String coSign = http.awaitTask("compliance", key, "approveDeploymentCompliance");
    Http.Response both = http.post("twohats", "/engine-rest/task/" + coSign + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "me again")));
    assertThat(both.status()).as(both.body()).isEqualTo(403);
    assertThat(both.json().get("message").asText()).contains("already approved this deployment");
    assertThat(http.status("compliance", "/engine-rest/task/" + coSign)).isEqualTo(200);
    complete(http, "compliance", coSign, "approved", true);

    http.await("engineer", "/api/projects/" + key, p -> p.path("modelVersion").asInt() == 1,
        "model version 1 in production");
    List<io.mlpm.governance.SignOff> signOffs = records.of(key);
    assertThat(signOffs).extracting(io.mlpm.governance.SignOff::taskKey).containsExactly("approveCharter",
        "approveDataset", "approveDeployment", "approveDeploymentCompliance");
    io.mlpm.governance.SignOff approval = signOffs.get(2);
    assertThat(approval.userId()).isEqualTo("twohats");
    assertThat(approval.userGroups()).containsExactlyInAnyOrder("sponsors", "compliance");
    assertThat(approval.decision()).isEqualTo("approved");
    assertThat(approval.processDefinitionKey()).isEqualTo("ml-project-lifecycle");
    assertThat(approval.modelId()).isNotNull();
    assertThat(approval.modelMetricsJson()).contains("accuracy");
    assertThat(approval.datasetSha256()).hasSize(64);
    assertThat(signOffs.get(1).policyVersions()).as("the quality policy that judged the data")
        .isEqualTo("data-quality-policy:v1");
    assertThat(signOffs.get(3).policyVersions()).contains("deployment-approval:v1");
    assertThat(registry.production(key)).get().extracting(io.mlpm.registry.ModelVersion::approvedBy)
        .isEqualTo("twohats");
  }

  private void complete(Http http, String user, String task, Object... variables) {
    Http.Response r = http.post(user, "/engine-rest/task/" + task + "/complete", Map.of("variables",
        Http.variables(variables)));
    assertThat(r.status()).as(user + " completes " + task + ": " + r.body()).isEqualTo(204);
  }

  @Test
  void commentsAreAppendOnlyForCandidates() {
    Http http = new Http(port);
    start(http, "doors-comments");
    String task = http.awaitTask("sponsor", "doors-comments", "approveCharter");
    String base = "/engine-rest/task/" + task;
    // Candidates cannot add comments yet either: the engine looks the task up in its history, which
    // needs historic instance permissions (issue "Tasklist for a team with many projects").
    Http.Response created = http.post("admin", base + "/comment/create", Map.of("message", "Is the target right?"));
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String comment = created.json().get("id").asText();
    assertThat(http.request("sponsor", "PUT", base + "/comment", Map.of("id", comment, "message", "rewritten")).status())
        .isEqualTo(403);
    assertThat(http.request("sponsor", "DELETE", base + "/comment/" + comment, null).status()).isEqualTo(403);
    assertThat(http.request("sponsor", "DELETE", base + "/comment", null).status()).isEqualTo(403);
    assertThat(http.json("admin", base + "/comment").get(0).get("message").asText()).isEqualTo("Is the target right?");
  }

  @Test
  void anAdministratorCannotSignOffForASponsor() {
    Http http = new Http(port);
    start(http, "doors-admin");
    String task = http.awaitTask("sponsor", "doors-admin", "approveCharter");
    Http.Response r = http.post("admin", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "on their behalf")));
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).contains("not a member of 'sponsors'");
    // Nor end it another way: an error or escalation thrown from it, or a resolve with variables.
    for (String route : List.of("/bpmnError", "/bpmnEscalation")) {
      Http.Response thrown = http.post("admin", "/engine-rest/task/" + task + route,
          Map.of("errorCode", "x", "escalationCode", "x"));
      assertThat(thrown.status()).as(thrown.body()).isEqualTo(403);
      assertThat(thrown.json().get("message").asText()).contains("ends only with its decision");
    }
    assertThat(http.post("admin", "/engine-rest/task/" + task + "/resolve",
        Map.of("variables", Http.variables("approved", true))).status()).isEqualTo(403);
    assertThat(http.status("sponsor", "/engine-rest/task/" + task)).isEqualTo(200);
  }

  /** The webapps cache a user's groups for minutes; the sign-off checks the group at that moment. */
  @Test
  void aSponsorTakenOutOfTheGroupCannotSignOffAnyMore() {
    Http http = new Http(port);
    assertThat(http.post("admin", "/engine-rest/user/create", Map.of("profile",
        Map.of("id", "leaver", "firstName", "Lee", "lastName", "Leaver"), "credentials", Map.of("password", "demo")))
        .status()).isEqualTo(204);
    assertThat(http.request("admin", "PUT", "/engine-rest/group/sponsors/members/leaver", null).status()).isEqualTo(204);
    http.postExpect(200, "admin", START, charter("doors-leaver", "sponsor", "leaver"));
    String task = http.awaitTask("leaver", "doors-leaver", "approveCharter");
    assertThat(http.post("leaver", "/engine-rest/task/" + task + "/claim", Map.of("userId", "leaver")).status())
        .isEqualTo(204);
    assertThat(http.request("admin", "DELETE", "/engine-rest/group/sponsors/members/leaver", null).status()).isEqualTo(204);

    Http.Response r = http.post("leaver", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.json().get("message").asText()).contains("'leaver' is not a member of 'sponsors'");
    assertThat(http.status("admin", "/engine-rest/task/" + task)).isEqualTo(200);
  }

  /** A trailing slash must not walk past the guards: administrators reach the engine's routes. */
  @Test
  void aTrailingSlashSkipsNoGuardEvenForAnAdministrator() {
    Http http = new Http(port);
    String instance = start(http, "doors-slash");
    String task = http.awaitTask("sponsor", "doors-slash", "approveCharter");
    Http.Response complete = http.post("admin", "/engine-rest/task/" + task + "/complete/",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(complete.status()).as(complete.body()).isIn(403, 404);
    Http.Response comment = http.post("admin", "/engine-rest/task/" + task + "/comment/create/",
        Map.of("message", "under another instance", "processInstanceId", "not-" + instance));
    assertThat(comment.status()).as(comment.body()).isIn(400, 404);
    Http.Response skip = http.post("admin", START + "/", new java.util.HashMap<>(Map.of("businessKey", "doors-slash-2",
        "variables", Map.of("projectName", Map.of("value", "no charter")))));
    assertThat(skip.status()).as(skip.body()).isIn(400, 404);
    assertThat(http.status("admin", "/engine-rest/task/" + task)).isEqualTo(200);
    assertThat(http.json("admin", "/engine-rest/process-instance/count?businessKey=doors-slash-2").get("count")
        .asInt()).isZero();
  }

  @Test
  void onlyTheCharterSponsorSignsTheCharterNotAnotherSponsor() {
    Http http = new Http(port);
    start(http, "doors-other-sponsor");
    String task = http.awaitTask("sponsor", "doors-other-sponsor", "approveCharter");
    Http.Response r = http.post("sponsor2", "/engine-rest/task/" + task + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(r.status()).as(r.body()).isIn(403, 404);
    assertThat(http.status("sponsor", "/engine-rest/task/" + task)).isEqualTo(200);
  }

  @Test
  void onlySponsorsStartProjectsAndNobodyButAdministratorsDeploys() {
    Http http = new Http(port);
    Http.Response byScientist = http.post("scientist", START, charter("doors-start"));
    assertThat(byScientist.status()).as(byScientist.body()).isEqualTo(403);
    assertThat(http.post("sponsor", "/engine-rest/deployment/create", "{}").status()).isEqualTo(403);
    assertThat(http.status("admin", "/engine-rest/process-instance/count?businessKey=doors-start")).isEqualTo(200);
    assertThat(http.json("admin", "/engine-rest/process-instance/count?businessKey=doors-start").get("count").asInt())
        .isZero();
  }

  private static Map<String, Object> charter(String key, String... overrides) {
    Map<String, Object> values = new java.util.HashMap<>(Map.of("projectName", "Side doors " + key,
        "businessProblem", "Identify iris species", "sponsor", "sponsor", "datasetUri", "iris.csv",
        "targetColumn", "species", "taskType", "classification",
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]"));
    for (int i = 0; i < overrides.length; i += 2) {
      values.put(overrides[i], overrides[i + 1]);
    }
    Map<String, Object> variables = new java.util.HashMap<>();
    values.forEach((k, v) -> variables.put(k, Map.of("value", v)));
    return Map.of("businessKey", key, "variables", variables);
  }

  private static String start(Http http, String key) {
    Http.Response r = http.post("sponsor", START, charter(key));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("id").asText();
  }
}
