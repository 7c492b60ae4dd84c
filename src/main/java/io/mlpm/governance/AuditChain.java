package io.mlpm.governance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rules of an audit chain: what a record's hash covers, and what makes a chain verify. A
 * record's hash covers every stored field and the hash of the record before it, so changing,
 * removing or reordering one record breaks every link after it; the signed head (seq and hash of
 * the last record) catches a chain rewritten from start to end, or cut short.
 */
public final class AuditChain {

  /** The "hash before" the first record of every chain. */
  public static final String GENESIS = "0".repeat(64);

  /** The signed end of a chain, as stored. */
  public record Head(long seq, String hash, String keyId, String signature) {}

  /** Whether a chain verifies, and if not, each problem in words an auditor understands. */
  public record Verification(boolean verified, int records, List<String> problems) {}

  private AuditChain() {}

  /** SHA-256 (hex) of the record's fields and the hash before it, each length-prefixed. */
  public static String hash(long seq, String subject, String actor, String action, String detail,
      java.time.Instant at, AuditContext context, String prevHash) {
    StringBuilder canonical = new StringBuilder(256);
    for (String field : new String[] {Long.toString(seq), subject, actor, action, detail,
        Long.toString(at.toEpochMilli()), context.datasetSha256(),
        context.modelVersionId() == null ? null : context.modelVersionId().toString(),
        context.processDefinition(), context.policyVersions(), prevHash}) {
      // Length-prefixed, with null distinct from "": no two different records read the same.
      canonical.append(field == null ? "-1" : Integer.toString(field.length())).append(':')
          .append(field == null ? "" : field).append(';');
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hash(AuditRecord r) {
    return hash(r.seq(), r.subject(), r.actor(), r.action(), r.detail(), r.at(), r.context(), r.prevHash());
  }

  /** Checks every record's hash and link in order of seq, then the signed head against the last one. */
  public static Verification verify(String subject, List<AuditRecord> records, Head head, AuditSigner signer) {
    List<String> problems = new ArrayList<>();
    String before = GENESIS;
    long expected = 1;
    for (AuditRecord r : records) {
      if (r.seq() != expected) {
        problems.add("Record " + expected + (r.seq() > expected ? " is missing (the next one is " + r.seq() + ")."
            : " appears twice."));
        expected = r.seq();
      }
      if (!before.equals(r.prevHash())) {
        problems.add("Record " + r.seq() + " does not follow the record before it: a record before it was removed,"
            + " inserted or changed.");
      }
      if (!hash(r).equals(r.hash())) {
        problems.add("Record " + r.seq() + " (" + r.action() + " by " + r.actor() + ") was altered after it was"
            + " written: its content does not match its hash.");
      }
      before = r.hash();
      expected++;
    }
    if (head == null) {
      if (!records.isEmpty()) {
        problems.add("The chain has no signed head: it cannot be shown to be complete.");
      }
    } else {
      if (!signer.keyId().equals(head.keyId())) {
        problems.add("The head is signed with another key (" + head.keyId() + ", this node holds " + signer.keyId()
            + "): it cannot be checked here.");
      } else if (!signer.verifies(subject, head.seq(), head.hash(), head.signature())) {
        problems.add("The head's signature does not verify: the chain's end was rewritten without the signing key.");
      }
      long last = records.isEmpty() ? 0 : records.get(records.size() - 1).seq();
      if (head.seq() != last || !head.hash().equals(records.isEmpty() ? GENESIS : before)) {
        problems.add("The signed head names record " + head.seq() + ", the chain ends at record " + last
            + (head.seq() > last ? ": records at the end were removed." : ": the chain does not end where it was signed."));
      }
    }
    return new Verification(problems.isEmpty(), records.size(), List.copyOf(problems));
  }
}
