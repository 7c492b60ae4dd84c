package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mlpm.TestDatabase;
import io.mlpm.governance.SignOffTasks.OpenSignOff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a sponsor decided on an overdue sign-off, carried out without the engine: a later due date
 * from the right base, or the sign-off handed to a member of its group whom segregation of duties
 * lets sign it; each recorded in the project's audit trail, and what is refused changes nothing.
 */
class SignOffEscalationTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final String PROJECT = "churn";

  private final JdbcTemplate jdbc = TestDatabase.migrated();
  private final FakeTasks tasks = new FakeTasks();
  private final SignOffEscalation escalation = new SignOffEscalation(tasks, TestDatabase.auditTrail(jdbc));

  /** The open sign-offs as a fake: who is in which group, whom segregation of duties refuses, what was changed. */
  private static final class FakeTasks implements SignOffTasks {

    final Map<String, OpenSignOff> open = new HashMap<>();
    final Map<String, Set<String>> members = new HashMap<>();
    /** Keyed "taskKey/user/project": the reason segregation of duties gives. */
    final Map<String, String> refusals = new HashMap<>();
    final List<String> refusalsAsked = new ArrayList<>();
    /** Every change made, in order: "due taskId instant" or "assign taskId user". */
    final List<String> changes = new ArrayList<>();

    @Override
    public Optional<OpenSignOff> find(String taskId) {
      return Optional.ofNullable(open.get(taskId));
    }

    @Override
    public void setDue(String taskId, Instant due) {
      changes.add("due " + taskId + " " + due);
    }

    @Override
    public void assign(String taskId, String user) {
      changes.add("assign " + taskId + " " + user);
    }

    @Override
    public Optional<String> refusal(String taskKey, String user, String projectKey) {
      String asked = taskKey + "/" + user + "/" + projectKey;
      refusalsAsked.add(asked);
      return Optional.ofNullable(refusals.get(asked));
    }

    @Override
    public boolean isMember(String user, String group) {
      return members.getOrDefault(group, Set.of()).contains(user);
    }
  }

  private record Entry(String actor, String action, String detail) {}

  private List<Entry> auditOf(String projectKey) {
    return jdbc.query("SELECT actor, action, detail FROM mlpm_audit WHERE project_key = ? ORDER BY seq",
        (rs, i) -> new Entry(rs.getString("actor"), rs.getString("action"), rs.getString("detail")), projectKey);
  }

  private int auditRecords() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_audit", Integer.class);
  }

  /** An open dataset sign-off of the project, for the data stewards, with the given due date. */
  private OpenSignOff datasetSignOff(String project, Instant due) {
    OpenSignOff s = new OpenSignOff("task-1", "approveDataset", "Approve dataset", project, List.of("data-stewards"),
        due);
    tasks.open.put(s.taskId(), s);
    return s;
  }

  private void stewards(String... users) {
    tasks.members.put("data-stewards", Set.of(users));
  }

  @Test
  void aSignOffNotYetDueIsExtendedFromItsDueDateAndRecordedInTheSponsorsName() {
    Instant due = NOW.plus(Duration.ofDays(2));
    datasetSignOff(PROJECT, due);

    String outcome = escalation.extend(PROJECT, "task-1", 3, "sam", NOW);

    Instant extended = NOW.plus(Duration.ofDays(5));
    assertThat(tasks.changes).containsExactly("due task-1 " + extended);
    assertThat(outcome).isEqualTo("'Approve dataset' is now due " + extended + " (was " + due + ").");
    assertThat(auditOf(PROJECT)).containsExactly(new Entry("sam", "sign-off-due-extended", outcome));
  }

  @Test
  void anOverdueSignOffIsExtendedFromNowNotFromItsPastDueDate() {
    datasetSignOff(PROJECT, NOW.minus(Duration.ofDays(1)));

    escalation.extend(PROJECT, "task-1", 2, "sam", NOW);

    assertThat(tasks.changes).containsExactly("due task-1 " + NOW.plus(Duration.ofDays(2)));
    assertThat(auditOf(PROJECT)).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("sam");
      assertThat(e.action()).isEqualTo("sign-off-due-extended");
      assertThat(e.detail()).startsWith("'Approve dataset' is now due " + NOW.plus(Duration.ofDays(2)));
    });
  }

  @Test
  void aSignOffWithoutADueDateIsExtendedFromNow() {
    datasetSignOff(PROJECT, null);

    escalation.extend(PROJECT, "task-1", 7, "sam", NOW);

    assertThat(tasks.changes).containsExactly("due task-1 " + NOW.plus(Duration.ofDays(7)));
    assertThat(auditOf(PROJECT)).extracting(Entry::actor, Entry::action)
        .containsExactly(tuple("sam", "sign-off-due-extended"));
  }

  @Test
  void theDaysAnExtensionMayTakeAreAWholeNumberFromOneToThirty() {
    // Checked before extend is called (the decision's form and the extendSignOff step), not by extend itself.
    assertThat(DecisionRules.extendDays(1)).contains(1);
    assertThat(DecisionRules.extendDays(30)).contains(30);
    assertThat(DecisionRules.extendDays("2")).contains(2);
    assertThat(DecisionRules.extendDays(3.0)).contains(3);
    for (Object refused : new Object[] {0, -1, 31, 90, 2.5, "two", "", null}) {
      assertThat(DecisionRules.extendDays(refused)).as(String.valueOf(refused)).isEmpty();
    }
  }

  @Test
  void theSignOffIsReassignedToAMemberOfItsGroupAndRecordedInTheSponsorsName() {
    datasetSignOff(PROJECT, NOW);
    stewards("steward", "steward2");

    String outcome = escalation.reassign(PROJECT, "task-1", "steward2", "sam");

    assertThat(tasks.changes).containsExactly("assign task-1 steward2");
    assertThat(tasks.refusalsAsked).containsExactly("approveDataset/steward2/" + PROJECT);
    assertThat(outcome).isEqualTo("'Approve dataset' is assigned to steward2.");
    assertThat(auditOf(PROJECT)).containsExactly(new Entry("sam", "sign-off-reassigned", outcome));
  }

  @Test
  void aMemberOfAnyOfItsCandidateGroupsMayTakeTheSignOff() {
    tasks.open.put("task-2", new OpenSignOff("task-2", "approveDeployment", "Approve deployment", PROJECT,
        List.of("sponsors", "risk-owners"), NOW));
    tasks.members.put("risk-owners", Set.of("rita"));

    escalation.reassign(PROJECT, "task-2", "rita", "sam");

    assertThat(tasks.changes).containsExactly("assign task-2 rita");
  }

  @Test
  void someoneOutsideItsGroupsIsRefusedAndNothingChanges() {
    datasetSignOff(PROJECT, NOW);
    stewards("steward", "steward2");

    assertThatThrownBy(() -> escalation.reassign(PROJECT, "task-1", "sam", "sam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'sam' is not a member of [data-stewards], who sign off 'Approve dataset'.");

    assertThat(tasks.changes).isEmpty();
    assertThat(auditRecords()).isZero();
  }

  @Test
  void aMemberWhomSegregationOfDutiesKeepsFromSigningIsRefusedWithTheReasonAndNothingChanges() {
    datasetSignOff(PROJECT, NOW);
    stewards("steward", "steward2");
    tasks.refusals.put("approveDataset/steward/" + PROJECT, "steward waived its findings");

    assertThatThrownBy(() -> escalation.reassign(PROJECT, "task-1", "steward", "sam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'Approve dataset' cannot go to 'steward': steward waived its findings");

    assertThat(tasks.changes).isEmpty();
    assertThat(auditRecords()).isZero();
  }

  @Test
  void aSignOffForANamedPersonCannotBeReassignedButCanBeExtended() {
    tasks.open.put("task-3", new OpenSignOff("task-3", "approveCharter", "Approve charter", PROJECT, List.of(),
        NOW.plus(Duration.ofDays(1))));
    tasks.members.put("sponsors", Set.of("sam", "sue"));

    assertThatThrownBy(() -> escalation.reassign(PROJECT, "task-3", "sue", "sam"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'Approve charter' is for a named person, so it cannot be reassigned.");
    assertThat(tasks.changes).isEmpty();
    assertThat(auditRecords()).isZero();

    escalation.extend(PROJECT, "task-3", 1, "sam", NOW);
    assertThat(tasks.changes).containsExactly("due task-3 " + NOW.plus(Duration.ofDays(2)));
  }

  @Test
  void anEscalationCannotExtendOrReassignASignOffOfAnotherProject() {
    datasetSignOff("fraud", NOW);
    stewards("steward", "steward2");

    assertThatThrownBy(() -> escalation.extend(PROJECT, "task-1", 2, "sam", NOW))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The escalation of project 'churn' names a sign-off of 'fraud'; nothing changed.");
    assertThatThrownBy(() -> escalation.reassign(PROJECT, "task-1", "steward2", "sam"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The escalation of project 'churn' names a sign-off of 'fraud'; nothing changed.");

    assertThat(tasks.changes).isEmpty();
    assertThat(tasks.refusalsAsked).isEmpty();
    assertThat(auditRecords()).isZero();
  }

  @Test
  void aSignOffCompletedWhileTheEscalationWaitedIsLeftAsItIsAndSoRecorded() {
    String moot = "The sign-off (task task-9) was completed while the escalation waited; nothing changed.";

    assertThat(escalation.extend(PROJECT, "task-9", 2, "sam", NOW)).isEqualTo(moot);
    assertThat(escalation.reassign(PROJECT, "task-9", "steward2", "sam")).isEqualTo(moot);

    assertThat(tasks.changes).isEmpty();
    assertThat(auditOf(PROJECT)).containsExactly(new Entry("sam", "escalation-moot", moot),
        new Entry("sam", "escalation-moot", moot));
  }
}
