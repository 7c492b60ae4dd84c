package io.mlpm.governance;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who did what to which project, and why: the record compliance reads. Each subject's records (a
 * project, or a policy change's review) form a hash chain ({@link AuditChain}) whose head is
 * signed ({@link AuditSigner}); records are appended under a lock on the subject's row, so
 * parallel jobs and nodes never fork a chain.
 */
@Component
public class AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int MAX_DETAIL = 4000;
  private static final String COLUMNS = "seq, project_key, actor, action, detail, created_at, dataset_sha256,"
      + " model_version_id, process_definition, policy_versions, prev_hash, hash";
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final AuditSigner signer;
  private final AuditSettings settings;

  private final ApplicationEventPublisher events;

  /** Published in the recording transaction, so what listens (notifications) commits or rolls back with it. */
  public record Recorded(String projectKey, String actor, String action, String detail, Long modelVersionId) {}

  public AuditTrail(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditSigner signer,
      AuditSettings settings, ApplicationEventPublisher events) {
    this.events = events;
    this.settings = settings;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.signer = signer;
  }

  public void record(String projectKey, String actor, String action, String detail) {
    record(projectKey, actor, action, detail, AuditContext.NONE);
  }

  /** Appends a record to the subject's chain, in the caller's transaction if there is one. */
  public void record(String projectKey, String actor, String action, String detail, AuditContext context) {
    String d = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    // Stored to the millisecond, as every database keeps it, so that the hash reads back the same.
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AuditContext ctx = context == null ? AuditContext.NONE : context;
    transaction.executeWithoutResult(status -> {
      lock(projectKey);
      Last last = last(projectKey);
      String hash = AuditChain.hash(last.seq() + 1, projectKey, actor, action, d, at, ctx, last.hash());
      jdbc.update("INSERT INTO mlpm_audit (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", last.seq() + 1,
          projectKey, actor, action, d, Timestamp.from(at), ctx.datasetSha256(), ctx.modelVersionId(),
          ctx.processDefinition(), ctx.policyVersions(), last.hash(), hash);
      advanceHead(projectKey, last.seq(), last.hash(), last.seq() + 1, hash);
      events.publishEvent(new Recorded(projectKey, actor, action, d, ctx.modelVersionId()));
    });
  }

  private record Last(long seq, String hash) {}

  /** The newest chained record of the subject (seq 0 and the genesis hash when there is none). */
  private Last last(String subject) {
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT seq, hash FROM mlpm_audit WHERE project_key = ?"
        + " AND seq = (SELECT MAX(seq) FROM mlpm_audit WHERE project_key = ?)", subject, subject);
    return rows.isEmpty() ? new Last(0, AuditChain.GENESIS)
        : new Last(((Number) rows.get(0).get("seq")).longValue(), (String) rows.get(0).get("hash"));
  }

  /**
   * Moves the signed head to the new record, but only from a head that is intact and names the
   * record before: a chain someone rewrote is never signed over, so it stays reported as broken.
   */
  private void advanceHead(String subject, long prevSeq, String prevHash, long seq, String hash) {
    Timestamp now = Timestamp.from(Instant.now());
    String signature = signer.sign(subject, seq, hash);
    List<AuditChain.Head> heads = head(subject);
    if (heads.isEmpty()) {
      if (prevSeq == 0) {
        jdbc.update("INSERT INTO mlpm_audit_head (project_key, seq, hash, key_id, signature, updated_at)"
            + " VALUES (?,?,?,?,?,?)", subject, seq, hash, signer.keyId(), signature, now);
      } else {
        LOG.error("The audit chain of '{}' has records but no signed head; record {} is appended unsigned.", subject,
            seq);
      }
      return;
    }
    AuditChain.Head head = heads.get(0);
    boolean intact = head.seq() == prevSeq && head.hash().equals(prevHash) && signer.keyId().equals(head.keyId())
        && signer.verifies(subject, head.seq(), head.hash(), head.signature());
    if (!intact) {
      LOG.error("The audit chain of '{}' does not end at its signed head (record {}); record {} is appended but the"
          + " head is not moved, so the chain stays reported as broken.", subject, head.seq(), seq);
      return;
    }
    jdbc.update("UPDATE mlpm_audit_head SET seq = ?, hash = ?, signature = ?, updated_at = ? WHERE project_key = ?",
        seq, hash, signature, now, subject);
  }

  /** The subject's row is the lock: a project, or the policy change a review belongs to. */
  private void lock(String subject) {
    int locked = jdbc.queryForList("SELECT project_key FROM mlpm_project WHERE project_key = ? FOR UPDATE",
        subject).size();
    if (locked == 0 && subject.startsWith(PolicyChange.PREFIX)) {
      try {
        long id = Long.parseLong(subject.substring(PolicyChange.PREFIX.length()));
        locked = jdbc.queryForList("SELECT id FROM mlpm_policy_change WHERE id = ? FOR UPDATE", id).size();
      } catch (NumberFormatException e) {
        locked = 0;
      }
    }
    if (locked == 0) {
      // No row to lock: the head's row, once it exists (the unique seq index refuses a fork).
      jdbc.queryForList("SELECT project_key FROM mlpm_audit_head WHERE project_key = ? FOR UPDATE", subject);
    }
  }

  private List<AuditChain.Head> head(String subject) {
    return jdbc.query("SELECT seq, hash, key_id, signature FROM mlpm_audit_head WHERE project_key = ?",
        (rs, i) -> new AuditChain.Head(rs.getLong("seq"), rs.getString("hash"), rs.getString("key_id"),
            rs.getString("signature")), subject);
  }

  /** The subject's chain in order, and whether it verifies. */
  public Chain chain(String projectKey) {
    List<AuditRecord> records = jdbc.query("SELECT " + COLUMNS + " FROM mlpm_audit WHERE project_key = ?"
        + " AND seq IS NOT NULL ORDER BY seq, id", (rs, i) -> new AuditRecord(rs.getLong("seq"), rs.getString("project_key"),
            rs.getString("actor"), rs.getString("action"), rs.getString("detail"),
            rs.getTimestamp("created_at").toInstant(),
            new AuditContext(rs.getString("dataset_sha256"), (Long) rs.getObject("model_version_id", Long.class),
                rs.getString("process_definition"), rs.getString("policy_versions")),
            rs.getString("prev_hash"), rs.getString("hash")), projectKey);
    List<AuditChain.Head> head = head(projectKey);
    AuditChain.Verification v = AuditChain.verify(projectKey, records, head.isEmpty() ? null : head.get(0), signer);
    List<String> problems = new java.util.ArrayList<>(v.problems());
    Integer unsealed = jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_audit WHERE project_key = ? AND seq IS NULL",
        Integer.class, projectKey);
    if (unsealed != null && unsealed > 0) {
      problems.add(unsealed + " record(s) are outside the chain: written before it and not sealed yet (start once"
          + " with mlpm.audit.seal-legacy-records=true), or taken out of it since.");
    }
    if (records.isEmpty() && jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_project WHERE project_key = ?",
        Integer.class, projectKey) > 0) {
      problems.add("The project has no audit records at all: every project has at least its charter's.");
    }
    return new Chain(records, new AuditChain.Verification(problems.isEmpty(), records.size(), List.copyOf(problems)));
  }

  /** A subject's records with the verdict on them. */
  public record Chain(List<AuditRecord> records, AuditChain.Verification verification) {}

  /** Everyone who took this action on the project (e.g. completed a reviewIteration). */
  public Set<String> actors(String projectKey, String action) {
    return new HashSet<>(jdbc.queryForList("SELECT DISTINCT actor FROM mlpm_audit WHERE project_key = ?"
        + " AND action = ? AND actor IS NOT NULL", String.class, projectKey, action));
  }

  public List<Map<String, Object>> list(String projectKey) {
    return jdbc.queryForList("SELECT actor, action, detail, created_at FROM mlpm_audit WHERE project_key = ?"
        + " ORDER BY seq, id", projectKey);
  }

  /**
   * Seals the records written before the chain existed (subjects listed by migration V11) when
   * {@code mlpm.audit.seal-legacy-records} is set: an operator's decision, taken once after the
   * upgrade, never something a database writer can bring about.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void sealLegacyRecordsIfAsked() {
    if (settings.sealLegacyRecords()) {
      sealLegacyRecords();
    }
  }

  /**
   * Appends each subject's unchained records to its chain in the order they were written, then a
   * record saying so, so that an auditor sees when and how many were sealed.
   */
  public void sealLegacyRecords() {
    for (String subject : jdbc.queryForList("SELECT project_key FROM mlpm_audit_unchained", String.class)) {
      transaction.executeWithoutResult(status -> {
        lock(subject);
        int sealed = 0;
        for (Legacy row : jdbc.query("SELECT id, actor, action, detail, created_at FROM mlpm_audit"
            + " WHERE project_key = ? AND seq IS NULL ORDER BY id", (rs, i) -> new Legacy(rs.getLong("id"),
                rs.getString("actor"), rs.getString("action"), rs.getString("detail"),
                rs.getTimestamp("created_at").toInstant().truncatedTo(ChronoUnit.MILLIS)), subject)) {
          Last last = last(subject);
          String hash = AuditChain.hash(last.seq() + 1, subject, row.actor(), row.action(), row.detail(), row.at(),
              AuditContext.NONE, last.hash());
          jdbc.update("UPDATE mlpm_audit SET seq = ?, prev_hash = ?, hash = ?, created_at = ? WHERE id = ?",
              last.seq() + 1, last.hash(), hash, Timestamp.from(row.at()), row.id());
          advanceHead(subject, last.seq(), last.hash(), last.seq() + 1, hash);
          sealed++;
        }
        jdbc.update("DELETE FROM mlpm_audit_unchained WHERE project_key = ?", subject);
        if (sealed > 0) {
          record(subject, null, "legacy-records-sealed", sealed + " record(s) written before the audit chain were"
              + " appended to it, in the order they were written, when mlpm.audit.seal-legacy-records was set.");
        }
        LOG.info("Sealed the {} audit records of '{}' written before the audit chain.", sealed, subject);
      });
    }
  }

  private record Legacy(long id, String actor, String action, String detail, Instant at) {}
}
