package io.mlpm.change;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.ExternalSystemIT;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.nio.file.Path;
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
 * Changing requirements over HTTP: a steward proposes stricter criteria and a higher risk while a
 * deployment waits; a sponsor and compliance approve; the charter gets version 2, the waiting
 * candidate is judged again and goes back to model development, and the model card and history
 * say so. Bad proposals get a 400 naming the problem; nobody approves their own change.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ChangeRequestIT {

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  @BeforeAll
  static void datasets() {
    TestApp.irisDataset(dir);
  }

  @Test
  void aChangedCharterIsApprovedVersionedAndJudgesTheWaitingCandidateAgain() {
    Http http = new Http(port);
    String key = "iris-changed";
    String path = "/api/projects/" + key + "/change-requests";
    assertThat(http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key)).status()).isEqualTo(200);
    // Before the charter is signed, there is nothing to change: it is approved or rejected as it is.
    http.awaitTask("sponsor", key, "approveCharter");
    assertThat(http.post("sponsor", path, Map.of("reason", "x", "riskLevel", "high")).status()).isEqualTo(409);
    http.complete("sponsor", key, "approveCharter", "approved", true);
    http.complete("steward", key, "approveDataset", "approved", true);
    String deployment = http.awaitTask("sponsor", key, "approveDeployment");
    long candidate = http.get("sponsor", "/engine-rest/task/" + deployment + "/variables/candidateModelId").json()
        .get("value").asLong();

    // Proposals are checked in full before anything is recorded.
    Http.Response noReason = http.post("steward", path, Map.of("riskLevel", "high"));
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.body()).contains("'reason' is required");
    Http.Response sponsorField = http.post("steward", path, Map.of("reason", "x", "sponsor", "steward"));
    assertThat(sponsorField.status()).isEqualTo(400);
    assertThat(sponsorField.body()).contains("'sponsor' cannot be changed");
    Http.Response badMetric = http.post("steward", path, Map.of("reason", "x", "successCriteria",
        List.of(Map.of("metric", "rmse", "operator", "<=", "threshold", 0.1))));
    assertThat(badMetric.status()).isEqualTo(400);
    assertThat(badMetric.body()).contains("rmse").contains("classification");
    Http.Response noFile = http.post("steward", path, Map.of("reason", "x", "datasetUri", "../etc/passwd"));
    assertThat(noFile.status()).isEqualTo(400);
    // Compliance oversees; it does not propose.
    assertThat(http.post("compliance", path, Map.of("reason", "x", "riskLevel", "high")).status()).isEqualTo(403);

    Http.Response proposed = http.post("steward", path, Map.of("reason", "The regulator wants near-certain species",
        "successCriteria", List.of(Map.of("metric", "log_loss", "operator", "<=", "threshold", 0.00001)),
        "riskLevel", "high"));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    long id = proposed.json().get("id").asLong();
    assertThat(proposed.json().get("complianceCoSign").asBoolean()).isTrue();
    assertThat(proposed.json().get("fromVersion").asInt()).isEqualTo(1);
    assertThat(http.post("steward", path, Map.of("reason", "again", "riskLevel", "medium")).status()).isEqualTo(409);

    String approval = http.awaitTask("sponsor", key, "approveChangeRequest");
    JsonNode table = http.get("sponsor", "/engine-rest/task/" + approval + "/variables/changeTable?deserializeValue=false").json();
    assertThat(table.get("value").asText()).contains("log_loss <= 1.0E-5").contains("accuracy >= 0.8")
        .contains("high");
    http.complete("sponsor", key, "approveChangeRequest", "approved", true, "comment", "agreed with the regulator");
    String coSign = http.awaitTask("compliance", key, "approveChangeRequestCompliance");
    Http.Response sameSponsor = http.post("sponsor", "/engine-rest/task/" + coSign + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(sameSponsor.status()).isEqualTo(403);
    http.complete("compliance", key, "approveChangeRequestCompliance", "approved", true);

    JsonNode applied = http.await("steward", path + "/" + id, r -> r.get("status").asText().equals("APPLIED"),
        "the change applied");
    assertThat(applied.get("toVersion").asInt()).isEqualTo(2);
    JsonNode charter = http.get("steward", "/api/projects/" + key + "/charter").json();
    assertThat(charter.get("version").asInt()).isEqualTo(2);
    assertThat(charter.at("/versions/0/charter/riskLevel").asText()).isNotEqualTo("high");
    assertThat(charter.at("/versions/1/charter/riskLevel").asText()).isEqualTo("high");
    assertThat(charter.at("/versions/1/approvedBy").asText()).isEqualTo("sponsor, compliance");
    assertThat(charter.at("/versions/1/changedBy").asText()).isEqualTo("steward");

    // The waiting candidate no longer meets the charter: its sign-off is gone, it left staging, and
    // the project is back in model development.
    http.await("sponsor", "/api/projects/" + key, p -> p.get("phase").asText().equals("model-development"),
        "model development again");
    assertThat(http.get("sponsor", "/engine-rest/task?processInstanceBusinessKey=" + key
        + "&taskDefinitionKey=approveDeployment").json()).isEmpty();
    String card = http.get("sponsor", "/api/projects/" + key + "/models/" + candidate + "/card").body();
    assertThat(card).contains("The success criteria are not met.").contains("Judged by charter version 2")
        .contains("Earlier verdicts: by charter version 1: met");
    String history = http.get("sponsor", "/api/projects/" + key + "/history").body();
    assertThat(history).contains("Charter changed").contains("accuracy >= 0.8").contains("log_loss <= 1.0E-5")
        .contains("Candidate rejudged");

    // A change proposed by a sponsor is approved by another sponsor, never by its proposer.
    Http.Response lower = http.post("sponsor", path, Map.of("reason", "fairness review done", "riskLevel", "medium"));
    assertThat(lower.status()).as(lower.body()).isEqualTo(201);
    // Lowering the risk can remove compliance's co-sign of the deployment: compliance agrees to it too.
    assertThat(lower.json().get("complianceCoSign").asBoolean()).isTrue();
    String own = http.awaitTask("sponsor", key, "approveChangeRequest");
    Http.Response self = http.post("sponsor", "/engine-rest/task/" + own + "/complete",
        Map.of("variables", Http.variables("approved", true)));
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.body()).contains("proposed this charter change");
    http.complete("sponsor2", key, "approveChangeRequest", "approved", true);
    http.complete("compliance2", key, "approveChangeRequestCompliance", "approved", true);
    http.await("steward", path + "/" + lower.json().get("id").asLong(), r -> r.get("toVersion").asInt() == 3,
        "version 3");

    // Tasklist's "Charter change" start form: the same checks; the engine never starts it from the request.
    String start = "/engine-rest/process-definition/key/charter-change/submit-form";
    Http.Response forged = http.post("steward", start, Map.of("variables", Http.variables("projectKey", key,
        "reason", "skip the sponsor", "riskLevel", "low", "complianceCoSign", false, "changeRequestId", 1)));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.body()).contains("'changeRequestId' is not a field");
    // The engine decodes what the path spells with escapes: so do the guards.
    Http.Response encoded = http.post("steward", "/engine-rest/process-definition/key/%63harter-change/start",
        Map.of("variables", Http.variables("projectKey", key, "reason", "skip the sponsor", "changeRequestId", 1)));
    assertThat(encoded.status()).as(encoded.body()).isEqualTo(400);
    assertThat(encoded.body()).contains("'changeRequestId' is not a field");
    Http.Response encodedProject = http.post("sponsor", "/engine-rest/process-definition/key/ml%2Dproject-lifecycle/start",
        Map.of("businessKey", "iris-encoded", "startInstructions", List.of()));
    assertThat(encodedProject.status()).as(encodedProject.body()).isEqualTo(400);
    assertThat(encodedProject.body()).contains("'startInstructions' is not allowed");
    assertThat(http.post("steward", "/engine-rest/process-definition/no-such-definition:1:x/start", Map.of()).status())
        .isEqualTo(404);
    assertThat(http.post("compliance", start, Map.of("variables", Http.variables("projectKey", key, "reason", "x",
        "riskLevel", "low"))).status()).isEqualTo(403);
    assertThat(http.post("steward", start, Map.of("variables", Http.variables("projectKey", "no-such-project",
        "reason", "x", "riskLevel", "low"))).status()).isEqualTo(404);
    Http.Response fromTasklist = http.post("steward", start, Map.of("variables", Http.variables("projectKey", key,
        "reason", "Lower risk after the audit", "riskLevel", "low", "successCriteria", "", "datasetUri", "")));
    assertThat(fromTasklist.status()).as(fromTasklist.body()).isEqualTo(200);
    long fromForm = fromTasklist.json().get("changeRequestId").asLong();
    assertThat(http.get("steward", path + "/" + fromForm).json().get("changes").toString())
        .isEqualTo("{\"riskLevel\":\"low\"}");
    http.awaitTask("sponsor", key, "approveChangeRequest");
    // Starting a project stays a sponsor's right, whatever the route list lets through.
    Http.Response project = http.post("steward", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter("iris-by-steward"));
    assertThat(project.status()).isEqualTo(403);
    assertThat(project.body()).contains("Only sponsors start projects");

    // Its proposer takes it back; nobody else can.
    assertThat(http.post("sponsor", path + "/" + fromForm + "/withdraw", Map.of()).status()).isEqualTo(403);
    Http.Response withdrawn = http.post("steward", path + "/" + fromForm + "/withdraw",
        Map.of("reason", "the audit is postponed"));
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().get("status").asText()).isEqualTo("WITHDRAWN");
    assertThat(http.get("sponsor", "/engine-rest/task?processInstanceBusinessKey=" + key
        + "&taskDefinitionKey=approveChangeRequest").json()).isEmpty();
    assertThat(http.post("steward", path + "/" + fromForm + "/withdraw", Map.of()).status()).isEqualTo(409);

    // From Tasklist's session: this guard answers before the webapp's CSRF filter, so it checks the
    // session's token and a JSON body itself; another page cannot propose in the steward's name.
    java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
        .cookieHandler(new java.net.CookieManager()).build();
    String base = "http://localhost:" + port;
    String token = send(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
        + "/camunda/app/tasklist/default/"))).headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    assertThat(send(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
            + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=steward&password=demo"))).statusCode())
        .isEqualTo(200);
    // The session the login opened has its own token: read it as Tasklist does, from a page of the app.
    String sessionToken = send(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
        + "/camunda/app/tasklist/default/"))).headers().firstValue("X-XSRF-TOKEN").orElse(token);
    String webappStart = base + "/camunda/api/engine/engine/default/process-definition/key/charter-change/submit-form";
    String body = Http.write(Map.of("variables", Http.variables("projectKey", key, "reason", "from the session",
        "riskLevel", "high")));
    java.net.http.HttpResponse<String> noToken = send(browser, java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(webappStart)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF token");
    assertThat(send(browser, java.net.http.HttpRequest.newBuilder(java.net.URI.create(webappStart))
        .header("Content-Type", "text/plain").header("X-XSRF-TOKEN", sessionToken)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))).statusCode()).isEqualTo(415);
    assertThat(requests(key)).noneMatch(cr -> cr.contains("from the session"));
    java.net.http.HttpResponse<String> proposedInTasklist = send(browser, java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(webappStart)).header("Content-Type", "application/json").header("X-XSRF-TOKEN", sessionToken)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    assertThat(proposedInTasklist.statusCode()).as(proposedInTasklist.body()).isEqualTo(200);
    assertThat(requests(key)).anyMatch(cr -> cr.contains("from the session") && cr.contains("\"proposedBy\":\"steward\""));
  }

  private List<String> requests(String key) {
    List<String> all = new java.util.ArrayList<>();
    new Http(port).get("steward", "/api/projects/" + key + "/change-requests").json().forEach(n -> all.add(n.toString()));
    return all;
  }

  private static java.net.http.HttpResponse<String> send(java.net.http.HttpClient client,
      java.net.http.HttpRequest.Builder request) {
    try {
      return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
