package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes an audit chain verify, and each way of breaking one, without a database. */
class AuditChainTest {

  private static final AuditSigner KEY = new AuditSigner("k".repeat(32).getBytes());
  private static final AuditSigner OTHER_KEY = new AuditSigner("o".repeat(32).getBytes());
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

  /** A chain of n records, signed by the key, as the trail writes it. */
  private static List<AuditRecord> chain(int n) {
    List<AuditRecord> records = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (int seq = 1; seq <= n; seq++) {
      records.add(record(seq, "user" + seq, "detail " + seq, prev));
      prev = records.get(records.size() - 1).hash();
    }
    return records;
  }

  private static AuditRecord record(long seq, String actor, String detail, String prev) {
    AuditContext ctx = new AuditContext("ab".repeat(32), seq, "ml-project-lifecycle:v1", "deployment-approval:v1");
    Instant at = T0.plusSeconds(seq);
    return new AuditRecord(seq, "p", actor, "approveCharter", detail, at, ctx, prev,
        AuditChain.hash(seq, "p", actor, "approveCharter", detail, at, ctx, prev));
  }

  private static AuditChain.Head head(List<AuditRecord> records, AuditSigner signer) {
    AuditRecord last = records.get(records.size() - 1);
    return new AuditChain.Head(last.seq(), last.hash(), signer.keyId(), signer.sign("p", last.seq(), last.hash()));
  }

  @Test
  void anIntactSignedChainVerifies() {
    List<AuditRecord> records = chain(4);
    AuditChain.Verification v = AuditChain.verify("p", records, head(records, KEY), KEY);
    assertThat(v.problems()).isEmpty();
    assertThat(v.verified()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void anAlteredRecordIsReportedByNumber() {
    List<AuditRecord> records = chain(4);
    AuditChain.Head head = head(records, KEY);
    AuditRecord r = records.get(1);
    records.set(1, new AuditRecord(r.seq(), r.subject(), "mallory", r.action(), r.detail(), r.at(), r.context(),
        r.prevHash(), r.hash()));
    AuditChain.Verification v = AuditChain.verify("p", records, head, KEY);
    assertThat(v.verified()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("Record 2", "altered");
  }

  @Test
  void everyFieldIsCoveredByTheHash() {
    AuditRecord r = chain(1).get(0);
    AuditContext c = r.context();
    String h = r.hash();
    assertThat(AuditChain.hash(1, "p", r.actor(), r.action(), r.detail(), r.at().plusMillis(1), c, r.prevHash()))
        .isNotEqualTo(h);
    assertThat(AuditChain.hash(1, "p", r.actor(), r.action(), r.detail(), r.at(),
        new AuditContext(c.datasetSha256(), 99L, c.processDefinition(), c.policyVersions()), r.prevHash())).isNotEqualTo(h);
    assertThat(AuditChain.hash(1, "p", r.actor(), r.action(), r.detail(), r.at(),
        new AuditContext(c.datasetSha256(), c.modelVersionId(), c.processDefinition(), "deployment-approval:v2"),
        r.prevHash())).isNotEqualTo(h);
    // Field boundaries count: "ab" + "c" is not "a" + "bc", and null is not "".
    assertThat(AuditChain.hash(1, "p", "ab", "c", null, r.at(), AuditContext.NONE, AuditChain.GENESIS))
        .isNotEqualTo(AuditChain.hash(1, "p", "a", "bc", null, r.at(), AuditContext.NONE, AuditChain.GENESIS));
    assertThat(AuditChain.hash(1, "p", "a", "b", null, r.at(), AuditContext.NONE, AuditChain.GENESIS))
        .isNotEqualTo(AuditChain.hash(1, "p", "a", "b", "", r.at(), AuditContext.NONE, AuditChain.GENESIS));
  }

  @Test
  void aRemovedRecordBreaksTheLinkAndTheNumbering() {
    List<AuditRecord> records = chain(4);
    AuditChain.Head head = head(records, KEY);
    records.remove(1);
    AuditChain.Verification v = AuditChain.verify("p", records, head, KEY);
    assertThat(v.verified()).isFalse();
    assertThat(String.join(" ", v.problems())).contains("Record 2 is missing", "Record 3 does not follow");
  }

  @Test
  void recordsCutFromTheEndAreCaughtByTheSignedHead() {
    List<AuditRecord> records = chain(4);
    AuditChain.Head head = head(records, KEY);
    AuditChain.Verification v = AuditChain.verify("p", records.subList(0, 3), head, KEY);
    assertThat(v.verified()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("names record 4", "ends at record 3", "removed");
  }

  @Test
  void aChainRewrittenWithoutTheKeyFailsOnTheHead() {
    // The writer rebuilds every hash consistently and moves the head, but cannot sign it.
    List<AuditRecord> forged = new ArrayList<>();
    String prev = AuditChain.GENESIS;
    for (AuditRecord r : chain(3)) {
      AuditRecord f = record(r.seq(), r.seq() == 2 ? "someone-else" : r.actor(), r.detail(), prev);
      forged.add(f);
      prev = f.hash();
    }
    AuditChain.Head real = head(chain(3), KEY);
    AuditChain.Head moved = new AuditChain.Head(3, prev, real.keyId(), real.signature());
    AuditChain.Verification v = AuditChain.verify("p", forged, moved, KEY);
    assertThat(v.verified()).isFalse();
    assertThat(v.problems()).singleElement().asString().contains("signature does not verify");
    // Signed with a key of their own: named as another key.
    assertThat(AuditChain.verify("p", forged, head(forged, OTHER_KEY), KEY).problems()).singleElement().asString()
        .contains("another key");
  }

  @Test
  void recordsWithoutAHeadCannotBeShownComplete() {
    assertThat(AuditChain.verify("p", chain(2), null, KEY).problems()).singleElement().asString()
        .contains("no signed head");
    assertThat(AuditChain.verify("p", List.of(), null, KEY).verified()).isTrue();
  }

  @Test
  void aShortKeyIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AuditSigner("short".getBytes()))
        .hasMessageContaining("at least 32 bytes");
  }
}
