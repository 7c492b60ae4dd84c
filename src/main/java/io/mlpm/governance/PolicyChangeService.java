package io.mlpm.governance;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Governed policy changes: a process owner proposes a new version of a DMN table with a reason;
 * compliance approves it in Tasklist (another person than the proposer); only then is it deployed.
 * The proposal, the sign-off and the deployment are recorded.
 */
@Service
public class PolicyChangeService {

  private final PolicyChanges changes;
  private final PolicyEngine engine;
  private final SignOffRecords signOffs;
  private final AuditTrail audit;

  public PolicyChangeService(PolicyChanges changes, PolicyEngine engine, SignOffRecords signOffs, AuditTrail audit) {
    this.changes = changes;
    this.engine = engine;
    this.signOffs = signOffs;
    this.audit = audit;
  }

  /** @throws IllegalArgumentException naming what is wrong (unknown policy, invalid table) */
  @Transactional
  public PolicyChange propose(String decisionKey, String dmnXml, String reason, String user) {
    if (engine.versions().stream().noneMatch(v -> v.decisionKey().equals(decisionKey))) {
      throw new IllegalArgumentException("There is no policy '" + decisionKey + "'; the policies are "
          + engine.versions().stream().map(PolicyEngine.PolicyVersion::decisionKey).distinct().toList() + ".");
    }
    engine.validate(decisionKey, dmnXml);
    PolicyChange change = changes.find(changes.propose(decisionKey, dmnXml, reason, user)).orElseThrow();
    audit.record(change.reviewKey(), user, "policy-change-proposed", decisionKey + ": " + reason);
    engine.startReview(change);
    return change;
  }

  /** Deploys an approved proposal; the approval is read from the sign-off records. */
  @Transactional
  public int deploy(long id) {
    PolicyChange change = open(id);
    SignOff approval = signOffs.latest(change.reviewKey(), "approvePolicyChange")
        .filter(s -> s.approved() && !s.userId().equals(change.proposedBy()))
        .orElseThrow(() -> new PromotionRefusedException("Policy change " + id + " has no approval by another person"
            + " than its proposer; nothing was deployed."));
    int version = engine.deploy(change);
    if (!changes.close(id, PolicyChange.Status.DEPLOYED, approval.userId(), version)) {
      throw new IllegalStateException("Policy change " + id + " was already closed.");
    }
    audit.record(change.reviewKey(), approval.userId(), "policy-deployed", change.decisionKey() + " v" + version);
    return version;
  }

  @Transactional
  public void reject(long id) {
    PolicyChange change = open(id);
    String by = signOffs.latest(change.reviewKey(), "approvePolicyChange").map(SignOff::userId).orElse(null);
    if (changes.close(id, PolicyChange.Status.REJECTED, by, null)) {
      audit.record(change.reviewKey(), by, "policy-change-rejected", change.decisionKey());
    }
  }

  /** A change still under review: a closed one is neither deployed again nor turned into another outcome. */
  private PolicyChange open(long id) {
    PolicyChange change = changes.find(id)
        .orElseThrow(() -> new java.util.NoSuchElementException("There is no policy change " + id + "."));
    if (change.status() != PolicyChange.Status.PROPOSED) {
      throw new IllegalStateException("Policy change " + id + " was already closed (" + change.status() + ").");
    }
    return change;
  }
}
