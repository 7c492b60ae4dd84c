package io.mlpm.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.governance.AuditChain;
import io.mlpm.governance.AuditContext;
import io.mlpm.governance.AuditRecord;
import io.mlpm.governance.AuditTrail;
import io.mlpm.it.Http;
import io.mlpm.it.TestApp;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

/**
 * The audit chain over real HTTP: parallel appends never fork it, compliance reads it as JSON and
 * as a page, others are refused, and a row altered in the database or a chain rewritten from end
 * to end is reported as broken.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuditReportIT {

  @TempDir
  static Path dir;

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  AuditTrail audit;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestApp.properties(registry, dir);
  }

  private void project(String key) {
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
        + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        key, "Audit " + key, "classification", "species", "sponsor", "charter-approval", "ACTIVE", "{}", now, now);
  }

  private void records(String key, int n) {
    for (int i = 1; i <= n; i++) {
      audit.record(key, "sponsor", "approveCharter", "approved: record " + i,
          new AuditContext("ab".repeat(32), (long) i, "ml-project-lifecycle:v1", "deployment-approval:v1"));
    }
  }

  private JsonNode chain(String key) {
    Http.Response r = new Http(port).get("compliance", "/api/projects/" + key + "/audit");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void parallelAppendsNeverForkTheChain() throws Exception {
    project("audit-parallel");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit((Callable<Object>) () -> {
          records("audit-parallel", 10);
          return null;
        }));
      }
      for (Future<Object> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    JsonNode chain = chain("audit-parallel");
    assertThat(chain.path("problems").toString()).isEqualTo("[]");
    assertThat(chain.path("verified").asBoolean()).isTrue();
    assertThat(chain.path("records").asInt()).isEqualTo(40);
    List<Long> seqs = jdbc.queryForList("SELECT seq FROM mlpm_audit WHERE project_key = ? ORDER BY seq", Long.class,
        "audit-parallel");
    assertThat(seqs).hasSize(40).doesNotHaveDuplicates().startsWith(1L).endsWith(40L);
    JsonNode first = chain.path("chain").get(0);
    assertThat(first.path("prevHash").asText()).isEqualTo(AuditChain.GENESIS);
    assertThat(first.path("datasetSha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(first.path("processDefinition").asText()).isEqualTo("ml-project-lifecycle:v1");
    assertThat(chain.path("chain").get(1).path("prevHash").asText()).isEqualTo(first.path("hash").asText());
  }

  @Test
  void onlyComplianceAndAdministratorsReadTheChain() {
    project("audit-rights");
    records("audit-rights", 1);
    Http http = new Http(port);
    assertThat(http.get("compliance", "/api/projects/audit-rights/audit").status()).isEqualTo(200);
    assertThat(http.get("admin", "/api/projects/audit-rights/audit").status()).isEqualTo(200);
    for (String user : List.of("sponsor", "steward", "scientist", "engineer")) {
      Http.Response r = http.get(user, "/api/projects/audit-rights/audit");
      assertThat(r.status()).as(user).isEqualTo(403);
      assertThat(r.json().path("message").asText()).contains("audit chain", "compliance");
    }
    assertThat(http.get("compliance", "/api/projects/no-such-project/audit").status()).isEqualTo(404);
    assertThat(http.get(null, "/api/projects/audit-rights/audit").status()).isEqualTo(401);
  }

  @Test
  void thePrintablePageShowsTheRecordsAndTheVerdict() {
    project("audit-page");
    audit.record("audit-page", "sponsor", "approveCharter", "approved: <b>fine</b>");
    Http.Response page = new Http(port).get("compliance", "/api/projects/audit-page/audit.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("The chain verifies.", "approveCharter", "approved: &lt;b&gt;fine&lt;/b&gt;")
        .doesNotContain("<b>fine</b>");
    assertThat(new Http(port).get("sponsor", "/api/projects/audit-page/audit.html").status()).isEqualTo(403);
  }

  @Test
  void aRowAlteredInTheDatabaseIsReportedAsBroken() {
    project("audit-altered");
    records("audit-altered", 6);
    jdbc.update("UPDATE mlpm_audit SET actor = 'mallory' WHERE project_key = 'audit-altered' AND seq = 4");
    JsonNode chain = chain("audit-altered");
    assertThat(chain.path("verified").asBoolean()).isFalse();
    assertThat(chain.path("problems").toString()).contains("Record 4", "altered");
    Http.Response page = new Http(port).get("compliance", "/api/projects/audit-altered/audit.html");
    assertThat(page.body()).contains("The chain does not verify.", "Record 4");
  }

  @Test
  void aChainRewrittenFromEndToEndWithoutTheKeyIsReportedAndNeverSignedOver() {
    project("audit-rewritten");
    records("audit-rewritten", 5);
    // A database writer who knows the hashing rebuilds every record and moves the head.
    String prev = AuditChain.GENESIS;
    for (AuditRecord r : audit.chain("audit-rewritten").records()) {
      String actor = r.seq() == 2 ? "someone-else" : r.actor();
      String hash = AuditChain.hash(r.seq(), r.subject(), actor, r.action(), r.detail(), r.at(), r.context(), prev);
      jdbc.update("UPDATE mlpm_audit SET actor = ?, prev_hash = ?, hash = ? WHERE project_key = ? AND seq = ?", actor,
          prev, hash, "audit-rewritten", r.seq());
      prev = hash;
    }
    jdbc.update("UPDATE mlpm_audit_head SET hash = ? WHERE project_key = ?", prev, "audit-rewritten");
    JsonNode chain = chain("audit-rewritten");
    assertThat(chain.path("verified").asBoolean()).isFalse();
    assertThat(chain.path("problems").toString()).contains("signature does not verify");
    // The next honest record is kept, but the forged chain is not signed over.
    records("audit-rewritten", 1);
    JsonNode after = chain("audit-rewritten");
    assertThat(after.path("records").asInt()).isEqualTo(6);
    assertThat(after.path("verified").asBoolean()).isFalse();
  }

  @Test
  void recordsFromBeforeTheChainAreReportedUntilAnOperatorSealsThem() {
    project("audit-legacy");
    for (int i = 1; i <= 3; i++) {
      jdbc.update("INSERT INTO mlpm_audit (project_key, actor, action, detail, created_at) VALUES (?,?,?,?,?)",
          "audit-legacy", "sponsor", "approveCharter", "old " + i, Timestamp.from(Instant.now()));
    }
    jdbc.update("INSERT INTO mlpm_audit_unchained (project_key) VALUES (?)", "audit-legacy");
    // A new record is chained at once; the old ones stay outside the chain, and say so.
    audit.record("audit-legacy", "sponsor", "approveDataset", "new");
    JsonNode before = chain("audit-legacy");
    assertThat(before.path("verified").asBoolean()).isFalse();
    assertThat(before.path("problems").toString()).contains("3 record(s) are outside the chain",
        "seal-legacy-records");
    // What the operator's setting does at start: the old records are appended, then a record of it.
    audit.sealLegacyRecords();
    JsonNode chain = chain("audit-legacy");
    assertThat(chain.path("problems").toString()).isEqualTo("[]");
    assertThat(chain.path("records").asInt()).isEqualTo(5);
    assertThat(chain.path("chain").get(0).path("detail").asText()).isEqualTo("new");
    assertThat(chain.path("chain").get(1).path("detail").asText()).isEqualTo("old 1");
    assertThat(chain.path("chain").get(4).path("action").asText()).isEqualTo("legacy-records-sealed");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_audit_unchained", Integer.class)).isZero();
    // Taking a record out of the chain later is reported, and nothing seals it again without the operator.
    jdbc.update("UPDATE mlpm_audit SET seq = NULL WHERE project_key = 'audit-legacy' AND seq = 3");
    assertThat(chain("audit-legacy").path("problems").toString()).contains("outside the chain", "Record 3 is missing");
  }

  @Test
  void aProjectWhoseRecordsWereAllDeletedDoesNotVerify() {
    project("audit-emptied");
    records("audit-emptied", 2);
    jdbc.update("DELETE FROM mlpm_audit WHERE project_key = 'audit-emptied'");
    jdbc.update("DELETE FROM mlpm_audit_head WHERE project_key = 'audit-emptied'");
    JsonNode chain = chain("audit-emptied");
    assertThat(chain.path("verified").asBoolean()).isFalse();
    assertThat(chain.path("problems").toString()).contains("no audit records");
  }
}
