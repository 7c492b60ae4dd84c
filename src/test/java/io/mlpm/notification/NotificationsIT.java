package io.mlpm.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.mlpm.governance.AuditTrail;
import io.mlpm.it.ExternalSystemIT;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications through a real SMTP server (GreenMail) and a real HTTP receiver: a sign-off's
 * candidates get an e-mail when it opens; a promotion, a degradation and a retirement reach the
 * sponsor and the ML engineers; subscribers get each event signed, retried after a failure and
 * logged; a step that rolls back sends nothing; the sending lease keeps a second node out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NotificationsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  static HttpServer receiver;
  /** What the receiver got: event type, body, signature header. */
  record Received(String event, String body, String signature) {}
  static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
  /** The receiver answers 503 to this many requests before accepting. */
  static final AtomicInteger FAIL_FIRST = new AtomicInteger();

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  AuditTrail audit;

  @Autowired
  PlatformTransactionManager transactions;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  org.camunda.bpm.engine.TaskService taskService;

  @Autowired
  io.mlpm.process.engine.SignOffWatch watch;

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("mlpm.notifications.enabled", () -> "true");
    registry.add("mlpm.notifications.poll-interval", () -> "PT0.2S");
    registry.add("mlpm.notifications.retry-delay", () -> "PT0.5S");
    registry.add("mlpm.notifications.from", () -> "mlpm@example.org");
  }

  @BeforeAll
  static void start() throws Exception {
    TestApp.irisDataset(dir);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean fail = FAIL_FIRST.getAndUpdate(n -> Math.max(n - 1, 0)) > 0;
      if (!fail) {
        RECEIVED.add(new Received(exchange.getRequestHeaders().getFirst("X-MLPM-Event"),
            new String(body, StandardCharsets.UTF_8), exchange.getRequestHeaders().getFirst("X-MLPM-Signature-256")));
      }
      exchange.sendResponseHeaders(fail ? 503 : 204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    SMTP.stop();
  }

  private String hookUrl() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  @Test
  void signOffsAndModelEventsReachPeopleAndSubscribers() throws Exception {
    Http http = new Http(port);
    // Only process owners subscribe; the body names what is wrong.
    assertThat(http.post("engineer", "/api/webhooks", Map.of("url", hookUrl(), "events", List.of("model.promoted")))
        .status()).isEqualTo(403);
    Http.Response unknown = http.post("admin", "/api/webhooks", Map.of("url", hookUrl(), "events", List.of("model.won")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("model.won").contains("model.promoted");
    assertThat(http.post("admin", "/api/webhooks", Map.of("url", "file:///etc/passwd", "events",
        List.of("model.promoted"))).status()).isEqualTo(400);
    Http.Response created = http.post("admin", "/api/webhooks", Map.of("url", hookUrl(), "events",
        List.of("task.created", "model.promoted", "model.degraded", "model.retired")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String secret = created.json().get("secret").asText();
    FAIL_FIRST.set(1);
    long webhook = created.json().get("id").asLong();
    assertThat(http.get("admin", "/api/webhooks").body()).doesNotContain(secret);

    String key = "iris-notified";
    assertThat(http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key)).status()).isEqualTo(200);

    // The charter's sponsor is told the sign-off waits, with its project, due date and link.
    MimeMessage charterMail = awaitMail(m -> subject(m).contains("Approve charter") && subject(m).contains(key),
        "the charter's e-mail");
    assertThat(charterMail.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("sponsor@example.org");
    assertThat(charterMail.getFrom()[0].toString()).isEqualTo("mlpm@example.org");
    String text = charterMail.getContent().toString();
    assertThat(text).startsWith("'Approve charter — Iris species (" + key + ")' waits for you or your group, due ")
        .contains("/camunda/app/tasklist/");

    // The first delivery was answered 503; it was tried again and is logged with both attempts.
    Received opened = awaitHook(r -> r.event().equals("task.created") && r.body().contains("approveCharter"));
    assertThat(opened.signature()).isEqualTo("sha256=" + WebhookSender.sign(secret,
        opened.body().getBytes(StandardCharsets.UTF_8)));
    JsonNode log = http.get("admin", "/api/webhooks/" + webhook + "/deliveries").json();
    assertThat(log.toString()).contains("\"attempts\":2").contains("\"status\":\"SENT\"")
        .contains("\"channel\":\"WEBHOOK\"");
    assertThat(http.get("sponsor", "/api/notifications/deliveries").status()).isEqualTo(403);

    http.complete("sponsor", key, "approveCharter", "approved", true);
    awaitMail(m -> subject(m).contains("Approve dataset") && subject(m).contains(key)
        && to(m).contains("steward@example.org"), "the steward's");
    http.complete("steward", key, "approveDataset", "approved", true);
    http.complete("sponsor", key, "approveDeployment", "approved", true);
    http.await("engineer", "/api/projects/" + key, p -> p.get("phase").asText().equals("production"), "production");

    Received promoted = awaitHook(r -> r.event().equals("model.promoted"));
    JsonNode body = JSON.readTree(promoted.body());
    assertThat(body.get("project").asText()).isEqualTo(key);
    assertThat(body.at("/data/actor").asText()).isEqualTo("sponsor");
    awaitMail(m -> subject(m).startsWith("[MLPM] Model promoted") && subject(m).contains(key) && to(m).contains("engineer@example.org"),
        "the engineers' promotion e-mail");
    awaitMail(m -> subject(m).startsWith("[MLPM] Model promoted") && subject(m).contains(key) && to(m).contains("sponsor@example.org"),
        "the sponsor's promotion e-mail");

    // Drifted inputs: the check finds the model DEGRADED, and the engineers hear of it twice
    // (the event and their review task).
    List<Map<String, Object>> rows = TestApp.driftedIris();
    assertThat(http.post("engineer", "/api/projects/" + key + "/predictions", Map.of("rows", rows)).status())
        .isEqualTo(200);
    http.fireHealthCheck(key);
    String review = http.awaitTask("engineer", key, "reviewDegradation");
    assertThat(JSON.readTree(awaitHook(r -> r.event().equals("model.degraded")).body()).get("text").asText())
        .contains("petal_length");
    awaitMail(m -> subject(m).contains("Review degradation") && subject(m).contains(key)
        && to(m).contains("engineer@example.org"),
        "the review's e-mail");
    assertThat(http.post("engineer", "/engine-rest/task/" + review + "/complete", Map.of("variables",
        Http.variables("decision", "accept", "comment", "new cultivar, expected"))).status()).isEqualTo(204);

    assertThat(http.post("engineer", "/api/projects/" + key + "/retire", Map.of("reason", "replaced by the app"))
        .status()).isEqualTo(200);
    assertThat(JSON.readTree(awaitHook(r -> r.event().equals("model.retired")).body()).get("text").asText())
        .contains("replaced by the app").contains("engineer");

    // A deleted subscription gets nothing more; its log stays readable.
    assertThat(http.request("admin", "DELETE", "/api/webhooks/" + webhook, null).status()).isEqualTo(200);
    assertThat(http.get("admin", "/api/webhooks").json().findValuesAsText("id")).doesNotContain(String.valueOf(webhook));
    assertThat(http.get("admin", "/api/webhooks/" + webhook + "/deliveries").status()).isEqualTo(200);
  }

  @Test
  void aStepThatRollsBackSendsNothingAndOneNodeSendsAtATime() throws Exception {
    Http http = new Http(port);
    Http.Response created = http.post("admin", "/api/webhooks", Map.of("url", hookUrl(), "events",
        List.of("model.rolled-back")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    TransactionTemplate tx = new TransactionTemplate(transactions);
    tx.executeWithoutResult(status -> {
      audit.record("rollback-probe", "engineer", "model-rolled-back", "Version 1 serves again (rolled back step).");
      status.setRollbackOnly();
    });
    tx.executeWithoutResult(status ->
        audit.record("rollback-probe", "engineer", "model-rolled-back", "Version 2 serves again (committed step)."));
    Received committed = awaitHook(r -> r.event().equals("model.rolled-back"));
    assertThat(committed.body()).contains("committed step");
    // Events go out in the order they were written: had the rolled-back one existed, it came first.
    assertThat(RECEIVED.stream().filter(r -> r.body().contains("rolled back step"))).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_outbox WHERE payload_json LIKE '%rolled back step%'",
        Integer.class)).isZero();

    // The log keeps mlpm.notifications.retention: an ended delivery older than that goes, with its
    // event; a pending one stays, however old, and so does its event.
    java.sql.Timestamp old = java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(40)));
    for (String status : List.of("SENT", "PENDING")) {
      jdbc.update("INSERT INTO mlpm_outbox (event_type, project_key, payload_json, created_at, dispatched_at)"
          + " VALUES ('model.retired', 'trim-probe', '{}', ?, ?)", old, old);
      long event = jdbc.queryForObject("SELECT MAX(id) FROM mlpm_outbox WHERE project_key = 'trim-probe'", Long.class);
      jdbc.update("INSERT INTO mlpm_delivery (event_id, channel, target, status, attempts, next_attempt_at,"
          + " last_attempt_at, sent_at) VALUES (?, 'MAIL', 'x@example.org', ?, 1, ?, ?, ?)", event, status,
          // The pending one waits for a retry tomorrow, so the sender leaves it alone meanwhile.
          status.equals("SENT") ? old : java.sql.Timestamp.from(Instant.now().plus(Duration.ofDays(1))), old,
          status.equals("SENT") ? old : null);
    }
    assertThat(new Deliveries(jdbc).deleteEndedBefore(Instant.now().minus(Duration.ofDays(30)))).isEqualTo(1);
    assertThat(jdbc.queryForList("SELECT d.status FROM mlpm_delivery d JOIN mlpm_outbox o ON o.id = d.event_id"
        + " WHERE o.project_key = 'trim-probe'", String.class)).containsExactly("PENDING");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_outbox WHERE project_key = 'trim-probe'",
        Integer.class)).isEqualTo(1);
    jdbc.update("UPDATE mlpm_delivery SET status = 'FAILED' WHERE target = 'x@example.org'");

    // While this node sends, another cannot take the lease; once it has expired (this node died), it can,
    // for as long as it holds it.
    Lease otherNode = new Lease(jdbc, "node-b");
    assertThat(otherNode.hold(Dispatcher.LEASE, Instant.now(), Duration.ofSeconds(1))).isFalse();
    jdbc.update("UPDATE mlpm_lease SET expires_at = ? WHERE name = ?",
        java.sql.Timestamp.from(Instant.now().minusSeconds(1)), Dispatcher.LEASE);
    assertThat(otherNode.hold(Dispatcher.LEASE, Instant.now(), Duration.ofMillis(300))).isTrue();
    assertThat(new Lease(jdbc, "node-c").hold(Dispatcher.LEASE, Instant.now(), Duration.ofSeconds(1))).isFalse();
  }



  @Test
  void anOverdueSignOffRemindsItsCandidatesThenAsksTheSponsor() throws Exception {
    Http http = new Http(port);
    String key = "iris-overdue";
    assertThat(http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        ExternalSystemIT.charter(key)).status()).isEqualTo(200);
    http.complete("sponsor", key, "approveCharter", "approved", true);
    String signOff = http.awaitTask("steward", key, "approveDataset");
    org.camunda.bpm.engine.task.Task task = taskService.createTaskQuery().taskId(signOff).singleResult();
    task.setDueDate(java.util.Date.from(Instant.now().minus(Duration.ofDays(2))));
    taskService.saveTask(task);

    watch.poll();
    MimeMessage reminder = awaitMail(m -> subject(m).contains("Sign-off overdue: Approve dataset")
        && subject(m).contains("Iris species") && to(m).contains("steward2@example.org"), "the stewards' reminder");
    assertThat(reminder.getContent().toString()).contains("was due").contains(key);
    String escalation = http.awaitTask("sponsor", key, "decideEscalation");
    awaitMail(m -> subject(m).contains("Decide on an overdue sign-off") && subject(m).contains(key)
        && to(m).contains("sponsor@example.org"),
        "the sponsor's escalation");
    watch.poll();
    assertThat(http.get("sponsor", "/engine-rest/task?processInstanceBusinessKey=" + key
        + "&taskDefinitionKey=decideEscalation").json()).hasSize(1);

    // Only the project's sponsor decides; only a member of the sign-off's group can take it over.
    Http.Response other = http.post("sponsor2", "/engine-rest/task/" + escalation + "/complete", Map.of("variables",
        Http.variables("decision", "reassign", "reassignTo", "steward2", "comment", "steward is away")));
    assertThat(other.status()).as(other.body()).isEqualTo(403);
    Http.Response outsider = http.post("sponsor", "/engine-rest/task/" + escalation + "/complete", Map.of("variables",
        Http.variables("decision", "reassign", "reassignTo", "engineer", "comment", "anyone")));
    assertThat(outsider.status()).isEqualTo(400);
    assertThat(outsider.body()).contains("'engineer' is not a member of [data-stewards]");
    Http.Response smuggled = http.post("sponsor", "/engine-rest/task/" + escalation + "/complete", Map.of("variables",
        Http.variables("decision", "extend", "extendDays", 2, "comment", "later", "escalatedTaskId", "other")));
    assertThat(smuggled.status()).isEqualTo(400);
    assertThat(smuggled.body()).contains("'escalatedTaskId' is not a field of its form");
    http.complete("sponsor", key, "decideEscalation", "decision", "reassign", "reassignTo", "steward2",
        "comment", "steward is away this week");

    assertThat(taskService.createTaskQuery().taskId(signOff).singleResult().getAssignee()).isEqualTo("steward2");
    assertThat(jdbc.queryForObject("SELECT decision FROM mlpm_sign_off WHERE project_key = ? AND task_key = ?",
        String.class, key, "decideEscalation")).isEqualTo("reassign");
    assertThat(jdbc.queryForList("SELECT action FROM mlpm_audit WHERE project_key = ? ORDER BY seq", String.class, key))
        .containsSubsequence("sign-off-escalated", "decideEscalation", "sign-off-reassigned");
    http.complete("steward2", key, "approveDataset", "approved", true);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      return "";
    }
  }

  private static String to(MimeMessage m) {
    try {
      return Arrays.toString(m.getRecipients(Message.RecipientType.TO));
    } catch (Exception e) {
      return "";
    }
  }

  private static MimeMessage awaitMail(Predicate<MimeMessage> wanted, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      for (MimeMessage m : SMTP.getReceivedMessages()) {
        if (wanted.test(m)) {
          return m;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no e-mail: " + what + "; got " + Arrays.stream(SMTP.getReceivedMessages())
        .map(m -> subject(m) + " to " + to(m)).toList());
  }

  private static Received awaitHook(Predicate<Received> wanted) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < until) {
      for (Received r : RECEIVED) {
        if (wanted.test(r)) {
          return r;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no webhook delivery as expected; got " + RECEIVED.stream().map(Received::event).toList());
  }
}
