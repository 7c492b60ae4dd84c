package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Governed policy changes without the engine: what is recorded when a table is proposed, deployed
 * or rejected, and what is refused, on the real schema; the engine is a fake that records what it
 * was asked.
 */
class PolicyChangeServiceTest {

  private static final String KEY = "deployment-approval";
  private static final String REASON = "Every model needs a fairness review now";
  /** Whitespace, an escaped character and a non-ASCII name: handed on exactly as proposed, or the test fails. */
  private static final String TABLE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<definitions xmlns=\"https://www.omg.org/spec/DMN/20191111/MODEL/\" id=\"policy\" name=\"Politique révisée\""
      + " namespace=\"mlpm\">\n"
      + "  <decision id=\"deployment-approval\" name=\"Deployment approval\">\n"
      + "    <decisionTable id=\"table\">\n"
      + "      <input id=\"risk\"><inputExpression typeRef=\"double\"><text>riskScore</text></inputExpression></input>\n"
      + "      <output id=\"coSign\" name=\"coSign\" typeRef=\"boolean\"/>\n"
      + "      <rule id=\"r3\"><inputEntry id=\"r3_in0\"><text>&lt; 0.5</text></inputEntry>"
      + "<outputEntry id=\"r3_out0\"><text>true</text></outputEntry></rule>\n"
      + "    </decisionTable>\n"
      + "  </decision>\n"
      + "</definitions>\n";

  private final JdbcTemplate jdbc = TestDatabase.migrated();
  private final PolicyChanges changes = new PolicyChanges(jdbc);
  private final SignOffRecords signOffs = new SignOffRecords(jdbc);
  private final AuditTrail audit = TestDatabase.auditTrail(jdbc);
  private final FakeEngine engine = new FakeEngine();
  private final PolicyChangeService service = new PolicyChangeService(changes, engine, signOffs, audit);
  private int tasks;

  /** The engine port as a fake: the policies it knows, and everything it was asked to do. */
  private static final class FakeEngine implements PolicyEngine {

    record Validation(String decisionKey, String dmnXml) {}

    final List<PolicyVersion> versions = new ArrayList<>(List.of(
        new PolicyVersion(KEY, "Deployment approval", 1, Instant.parse("2026-01-01T00:00:00Z"), "mlpm"),
        new PolicyVersion("monitoring-policy", "Monitoring policy", 1, Instant.parse("2026-01-01T00:00:00Z"), "mlpm"),
        new PolicyVersion("monitoring-policy", "Monitoring policy", 2, Instant.parse("2026-02-01T00:00:00Z"), "mlpm")));
    /** Tables the engine finds invalid, with what it says is wrong. */
    final Map<String, String> invalid = new HashMap<>();
    final List<Validation> validated = new ArrayList<>();
    final List<PolicyChange> reviews = new ArrayList<>();
    final List<PolicyChange> deployed = new ArrayList<>();

    @Override
    public List<PolicyVersion> versions() {
      return List.copyOf(versions);
    }

    @Override
    public void validate(String decisionKey, String dmnXml) {
      validated.add(new Validation(decisionKey, dmnXml));
      if (invalid.containsKey(dmnXml)) {
        throw new IllegalArgumentException(invalid.get(dmnXml));
      }
    }

    @Override
    public void startReview(PolicyChange change) {
      reviews.add(change);
    }

    @Override
    public int deploy(PolicyChange change) {
      deployed.add(change);
      int version = versions.stream().filter(v -> v.decisionKey().equals(change.decisionKey()))
          .mapToInt(PolicyVersion::version).max().orElse(0) + 1;
      versions.add(new PolicyVersion(change.decisionKey(), "Deployment approval", version, Instant.now(),
          change.reviewKey()));
      return version;
    }
  }

  private record Entry(String actor, String action, String detail) {}

  private List<Entry> auditOf(String subject) {
    return jdbc.query("SELECT actor, action, detail FROM mlpm_audit WHERE project_key = ? ORDER BY seq",
        (rs, i) -> new Entry(rs.getString("actor"), rs.getString("action"), rs.getString("detail")), subject);
  }

  private int auditRecords() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_audit", Integer.class);
  }

  private void signOff(PolicyChange change, String taskKey, String user, String decision) {
    signOffs.append(new SignOff(0, change.reviewKey(), "t" + (++tasks), taskKey, user, List.of("compliance"), decision,
        "reviewed", Instant.now(), "policy-change", 1, "", null, null, null, null));
  }

  private void approve(PolicyChange change, String user) {
    signOff(change, "approvePolicyChange", user, SignOff.APPROVED);
  }

  private PolicyChange proposed() {
    return service.propose(KEY, TABLE, REASON, "olga");
  }

  private PolicyChange stored(PolicyChange change) {
    return changes.find(change.id()).orElseThrow();
  }

  @Test
  void aProposalIsRecordedPendingWithWhoProposedItAndWhyAndGoesToReview() {
    PolicyChange change = service.propose(KEY, TABLE, REASON, "olga");

    assertThat(change.status()).isEqualTo(PolicyChange.Status.PROPOSED);
    assertThat(change.decisionKey()).isEqualTo(KEY);
    assertThat(change.dmnXml()).isEqualTo(TABLE);
    assertThat(change.reason()).isEqualTo(REASON);
    assertThat(change.proposedBy()).isEqualTo("olga");
    assertThat(change.proposedAt()).isNotNull();
    assertThat(change.decidedBy()).isNull();
    assertThat(change.decidedAt()).isNull();
    assertThat(change.deployedVersion()).isNull();
    assertThat(changes.list()).containsExactly(change);

    assertThat(engine.validated).containsExactly(new FakeEngine.Validation(KEY, TABLE));
    assertThat(engine.reviews).containsExactly(change);
    assertThat(engine.deployed).as("nothing is deployed before the review").isEmpty();
    assertThat(auditOf(change.reviewKey()))
        .containsExactly(new Entry("olga", "policy-change-proposed", KEY + ": " + REASON));
  }

  @Test
  void aProposalForAPolicyThatDoesNotExistIsRefusedNamingThePoliciesThatDo() {
    assertThatThrownBy(() -> service.propose("no-such-policy", TABLE, REASON, "olga"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("There is no policy 'no-such-policy'; the policies are [deployment-approval, monitoring-policy].");

    assertThat(engine.validated).as("not even checked").isEmpty();
    assertThat(engine.reviews).isEmpty();
    assertThat(changes.list()).isEmpty();
    assertThat(auditRecords()).isZero();
  }

  @Test
  void aTableTheEngineFindsInvalidIsRefusedWithWhatIsWrongAndNothingIsRecordedOrReviewed() {
    String malformed = "<definitions>";
    String otherDecision = TABLE.replace("<decision id=\"deployment-approval\"", "<decision id=\"monitoring-policy\"");
    String juel = TABLE.replace("<decisionTable ", "<decisionTable expressionLanguage=\"juel\" ");
    engine.invalid.put(malformed, "The table is not valid DMN: XML document structures must start and end within"
        + " the same entity.");
    engine.invalid.put(otherDecision, "The table defines no decision with id 'deployment-approval'.");
    engine.invalid.put(juel, "The table uses the expression language 'juel'; only FEEL is allowed in a policy.");

    for (Map.Entry<String, String> table : engine.invalid.entrySet()) {
      assertThatThrownBy(() -> service.propose(KEY, table.getKey(), REASON, "olga"))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(table.getValue());
      assertThat(engine.validated).last().isEqualTo(new FakeEngine.Validation(KEY, table.getKey()));
    }

    assertThat(engine.validated).hasSize(3);
    assertThat(engine.reviews).isEmpty();
    assertThat(changes.list()).isEmpty();
    assertThat(auditRecords()).isZero();
  }

  @Test
  void anApprovedChangeHandsExactlyTheProposedTableToTheEngineAndRecordsItsVersionInTheApproversName() {
    PolicyChange change = proposed();
    approve(change, "carla");

    int version = service.deploy(change.id());

    assertThat(version).isEqualTo(2);
    assertThat(engine.deployed).containsExactly(change);
    assertThat(engine.deployed.get(0).dmnXml()).isEqualTo(TABLE);
    PolicyChange deployed = stored(change);
    assertThat(deployed.status()).isEqualTo(PolicyChange.Status.DEPLOYED);
    assertThat(deployed.deployedVersion()).isEqualTo(2);
    assertThat(deployed.decidedBy()).isEqualTo("carla");
    assertThat(deployed.decidedAt()).isNotNull();
    assertThat(deployed.dmnXml()).isEqualTo(TABLE);
    assertThat(deployed.proposedBy()).isEqualTo("olga");
    assertThat(auditOf(change.reviewKey())).containsExactly(
        new Entry("olga", "policy-change-proposed", KEY + ": " + REASON),
        new Entry("carla", "policy-deployed", KEY + " v2"));
    assertThat(audit.chain(change.reviewKey()).verification().verified()).isTrue();
  }

  @Test
  void aChangeWithoutAnApprovalIsNotDeployed() {
    PolicyChange change = proposed();

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining("Policy change " + change.id() + " has no approval by another person than its proposer");

    assertThat(engine.deployed).isEmpty();
    assertThat(stored(change)).isEqualTo(change);
    assertThat(auditOf(change.reviewKey())).extracting(Entry::action).containsExactly("policy-change-proposed");
  }

  @Test
  void theProposersOwnApprovalDoesNotDeployTheChange() {
    PolicyChange change = proposed();
    approve(change, "olga");

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining("no approval by another person than its proposer");

    assertThat(engine.deployed).isEmpty();
    assertThat(stored(change).status()).isEqualTo(PolicyChange.Status.PROPOSED);
    assertThat(auditOf(change.reviewKey())).extracting(Entry::action).containsExactly("policy-change-proposed");
  }

  @Test
  void anApprovalOfAnotherChangeOrOfAnotherTaskDoesNotDeployThisOne() {
    PolicyChange other = proposed();
    PolicyChange change = proposed();
    approve(other, "carla");
    signOff(change, "approveDeployment", "carla", SignOff.APPROVED);

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(PromotionRefusedException.class);

    assertThat(engine.deployed).isEmpty();
    assertThat(stored(change).status()).isEqualTo(PolicyChange.Status.PROPOSED);
  }

  @Test
  void theNewestSignOffCountsSoARejectionAfterAnApprovalDeploysNothing() {
    PolicyChange change = proposed();
    approve(change, "carla");
    signOff(change, "approvePolicyChange", "dora", SignOff.REJECTED);

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(PromotionRefusedException.class);

    assertThat(engine.deployed).isEmpty();
    assertThat(stored(change).status()).isEqualTo(PolicyChange.Status.PROPOSED);
  }

  @Test
  void aRejectedChangeIsClosedInTheReviewersNameAndCannotBeDeployed() {
    PolicyChange change = proposed();
    signOff(change, "approvePolicyChange", "carla", SignOff.REJECTED);

    service.reject(change.id());

    PolicyChange rejected = stored(change);
    assertThat(rejected.status()).isEqualTo(PolicyChange.Status.REJECTED);
    assertThat(rejected.decidedBy()).isEqualTo("carla");
    assertThat(rejected.decidedAt()).isNotNull();
    assertThat(rejected.deployedVersion()).isNull();
    assertThat(auditOf(change.reviewKey())).containsExactly(
        new Entry("olga", "policy-change-proposed", KEY + ": " + REASON),
        new Entry("carla", "policy-change-rejected", KEY));

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(IllegalStateException.class)
        .hasMessage("Policy change " + change.id() + " was already closed (REJECTED).");
    assertThat(engine.deployed).isEmpty();
    assertThat(stored(change)).isEqualTo(rejected);
  }

  @Test
  void aRejectedChangeStaysRejectedEvenWhenAnApprovalIsRecordedAfterwards() {
    PolicyChange change = proposed();
    signOff(change, "approvePolicyChange", "carla", SignOff.REJECTED);
    service.reject(change.id());
    approve(change, "dora");

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(IllegalStateException.class)
        .hasMessage("Policy change " + change.id() + " was already closed (REJECTED).");
    assertThat(engine.deployed).as("the closed change never reaches the engine").isEmpty();

    PolicyChange stillRejected = stored(change);
    assertThat(stillRejected.status()).isEqualTo(PolicyChange.Status.REJECTED);
    assertThat(stillRejected.decidedBy()).isEqualTo("carla");
    assertThat(stillRejected.deployedVersion()).isNull();
    assertThat(auditOf(change.reviewKey())).extracting(Entry::action)
        .containsExactly("policy-change-proposed", "policy-change-rejected");
  }

  @Test
  void aDeployedChangeIsNotDeployedAgain() {
    PolicyChange change = proposed();
    approve(change, "carla");
    assertThat(service.deploy(change.id())).isEqualTo(2);

    assertThatThrownBy(() -> service.deploy(change.id())).isInstanceOf(IllegalStateException.class)
        .hasMessage("Policy change " + change.id() + " was already closed (DEPLOYED).");
    assertThat(engine.deployed).as("deployed once, not again").hasSize(1);

    PolicyChange deployed = stored(change);
    assertThat(deployed.status()).isEqualTo(PolicyChange.Status.DEPLOYED);
    assertThat(deployed.deployedVersion()).as("the version first deployed").isEqualTo(2);
    assertThat(deployed.decidedBy()).isEqualTo("carla");
    assertThat(auditOf(change.reviewKey())).extracting(Entry::action)
        .containsExactly("policy-change-proposed", "policy-deployed");
  }

  @Test
  void aDeployedChangeIsNotTurnedIntoARejectedOne() {
    PolicyChange change = proposed();
    approve(change, "carla");
    service.deploy(change.id());

    assertThatThrownBy(() -> service.reject(change.id())).isInstanceOf(IllegalStateException.class)
        .hasMessage("Policy change " + change.id() + " was already closed (DEPLOYED).");

    assertThat(auditOf(change.reviewKey())).extracting(Entry::action)
        .containsExactly("policy-change-proposed", "policy-deployed");
    PolicyChange deployed = stored(change);
    assertThat(deployed.status()).isEqualTo(PolicyChange.Status.DEPLOYED);
    assertThat(deployed.deployedVersion()).isEqualTo(2);
    assertThat(deployed.decidedBy()).isEqualTo("carla");
  }

  @Test
  void aChangeThatDoesNotExistDeploysNothing() {
    assertThatThrownBy(() -> service.deploy(404)).isInstanceOf(NoSuchElementException.class)
        .hasMessage("There is no policy change 404.");
    assertThatThrownBy(() -> service.reject(404)).isInstanceOf(NoSuchElementException.class);

    assertThat(engine.deployed).isEmpty();
    assertThat(auditRecords()).isZero();
  }
}
