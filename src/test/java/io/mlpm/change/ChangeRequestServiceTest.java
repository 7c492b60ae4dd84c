package io.mlpm.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.charter.Charter;
import io.mlpm.charter.CharterValidator;
import io.mlpm.charter.TestCharters;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.evaluation.EvaluationReports;
import io.mlpm.evaluation.EvaluationService;
import io.mlpm.governance.SignOff;
import io.mlpm.governance.SignOffRecords;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectRepository.CharterVersion;
import io.mlpm.project.ProjectStatus;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.Stage;
import io.mlpm.training.ModelDevelopmentService;
import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import io.mlpm.web.ForbiddenException;
import io.mlpm.web.NotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Changing a project's charter without the engine: a proposal is recorded and its approval started
 * through the {@link ProjectChanges} port; an approval by others than the proposer makes a new
 * charter version and hands its values to the running project; a rejection or a withdrawal leaves
 * the charter as it was; a candidate that no longer meets the new charter leaves staging.
 */
class ChangeRequestServiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "iris";
  private static final String PROPOSER = "steward";
  private static final String SPONSOR = "sam";
  private static final String COMPLIANCE = "carla";
  private static final String APPROVE = "approveChangeRequest";
  private static final String CO_SIGN = "approveChangeRequestCompliance";
  private static final String ARROW = " \u2192 ";
  /** What the staged candidate was judged by: a bar a logistic regression on iris always clears. */
  private static final List<SuccessCriterion> LOW_BAR = List.of(new SuccessCriterion("accuracy", ">=", 0.2));
  private static final String STRICTER = "{'reason':'The regulator wants more','successCriteria':"
      + "[{'metric':'accuracy','operator':'>=','threshold':0.95}]}";
  private static final String NEAR_CERTAIN = "{'reason':'The regulator wants near-certain species',"
      + "'successCriteria':[{'metric':'log_loss','operator':'<=','threshold':0.00001}]}";

  @TempDir
  Path root;

  private JdbcTemplate jdbc;
  private ProjectRepository projects;
  private ChangeRequests requests;
  private SignOffRecords records;
  private ModelRegistry registry;
  private DataPreparationService data;
  private EvaluationService evaluation;
  private RecordingEngine engine;
  private ChangeRequestService service;
  private Charter founded;
  private int tasks;

  private MlpmProperties properties;

  @BeforeEach
  void project() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, root.resolve("iris.csv"));
    }
    jdbc = TestDatabase.migrated();
    properties = new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null, null);
    data = new DataPreparationService(jdbc, properties);
    projects = new ProjectRepository(jdbc);
    requests = new ChangeRequests(jdbc);
    records = new SignOffRecords(jdbc);
    registry = new ModelRegistry(jdbc);
    evaluation = new EvaluationService(data, registry, new EvaluationReports(jdbc), projects, null);
    engine = new RecordingEngine();
    service = new ChangeRequestService(projects, requests, engine, records, TestDatabase.auditTrail(jdbc), data,
        registry, evaluation);
    founded = new CharterValidator(data::columns, Set.of(SPONSOR)::contains).validate(TestCharters.iris(SPONSOR));
    projects.create(KEY, founded, SPONSOR);
    // The charter was approved and the project waits for a deployment's approval.
    projects.enterPhase(KEY, "deployment-approval");
  }

  // --- proposing -------------------------------------------------------------------------------

  @Test
  void aProposalIsRecordedAsWaitingAndStartsItsApprovalWithoutComplianceWhenOnlyTheCriteriaChange() throws Exception {
    ChangeRequest cr = service.propose(KEY, PROPOSER, body("{'reason':'  The regulator wants more  ',"
        + "'successCriteria':[{'metric':'accuracy','operator':'>=','threshold':0.95}]}"));

    assertThat(cr.status()).isEqualTo(ChangeRequest.PROPOSED);
    assertThat(cr.projectKey()).isEqualTo(KEY);
    assertThat(cr.proposedBy()).isEqualTo(PROPOSER);
    assertThat(cr.reason()).isEqualTo("The regulator wants more");
    assertThat(cr.fromVersion()).isEqualTo(1);
    assertThat(cr.complianceCoSign()).isFalse();
    assertThat(cr.toVersion()).isNull();
    assertThat(cr.decidedAt()).isNull();
    assertThat(JSON.readTree(cr.changesJson())).isEqualTo(body(
        "{'successCriteria':[{'metric':'accuracy','operator':'>=','threshold':0.95}]}"));
    assertThat(requests.open(KEY)).hasValueSatisfying(open -> assertThat(open.id()).isEqualTo(cr.id()));

    assertThat(engine.started).singleElement().satisfies(s -> {
      assertThat(s.projectKey()).isEqualTo(KEY);
      assertThat(s.changeRequestId()).isEqualTo(cr.id());
      assertThat(s.complianceCoSign()).isFalse();
      assertThat(s.shown()).containsEntry("projectName", "Iris").containsEntry("proposedBy", PROPOSER)
          .containsEntry("changeReason", "The regulator wants more").containsEntry("fromVersion", "1");
      assertThat(JSON.readTree(s.shown().get("changeTable"))).isEqualTo(body(
          "[{'field':'successCriteria','before':'accuracy >= 0.8','after':'accuracy >= 0.95'}]"));
    });
    assertThat(engine.applied).isEmpty();
    charterUnchanged();
    assertThat(audit()).singleElement().satisfies(r -> assertThat(r).containsEntry("ACTOR", PROPOSER)
        .containsEntry("ACTION", "change-requested").containsEntry("DETAIL", "Change request " + cr.id()
            + ": successCriteria accuracy >= 0.8" + ARROW + "accuracy >= 0.95. Reason: The regulator wants more"));
  }

  @Test
  void anyChangeOfTheRiskLevelAlsoAsksComplianceToCoSignWhetherItIsRaisedOrLowered() throws Exception {
    ChangeRequest lower = propose("{'reason':'Fairness review done','riskLevel':'low'}");
    service.withdraw(KEY, lower.id(), PROPOSER, null);
    ChangeRequest raise = propose("{'reason':'Used for credit decisions now','riskLevel':'high'}");

    assertThat(lower.complianceCoSign()).isTrue();
    assertThat(raise.complianceCoSign()).isTrue();
    assertThat(engine.started).extracting(Started::changeRequestId).containsExactly(lower.id(), raise.id());
    assertThat(engine.started).allSatisfy(s -> assertThat(s.complianceCoSign()).isTrue());
    assertThat(JSON.readTree(engine.started.get(1).shown().get("changeTable"))).isEqualTo(body(
        "[{'field':'riskLevel','before':'medium','after':'high'}]"));
    charterUnchanged();
  }

  @Test
  void aProposalIsCheckedInFullBeforeAnythingIsRecordedOrStarted() throws Exception {
    Files.writeString(root.resolve("no-target.csv"), "sepal_length,colour\n5.1,red\n4.9,blue\n");

    assertThatThrownBy(() -> service.propose(KEY, PROPOSER, null)).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("must be JSON");
    assertThatThrownBy(() -> propose("{'riskLevel':'high'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'reason' is required");
    assertThatThrownBy(() -> propose("{'reason':'   ','riskLevel':'high'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'reason' is required");
    assertThatThrownBy(() -> propose("{'reason':'x'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("Say what changes");
    assertThatThrownBy(() -> propose("{'reason':'x','sponsor':'steward'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'sponsor' cannot be changed");
    assertThatThrownBy(() -> propose("{'reason':'x','riskLevel':'medium'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'riskLevel' is 'medium' already");
    assertThatThrownBy(() -> propose("{'reason':'x','riskLevel':'extreme'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'riskLevel' must be one of");
    assertThatThrownBy(() -> propose("{'reason':'x','successCriteria':"
        + "[{'metric':'accuracy','operator':'>=','threshold':0.8}]}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("those in force");
    assertThatThrownBy(() -> propose("{'reason':'x','successCriteria':"
        + "[{'metric':'rmse','operator':'<=','threshold':0.1}]}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("rmse").hasMessageContaining("classification")
        .hasMessageNotContaining("Charter variable");
    assertThatThrownBy(() -> propose("{'reason':'x','datasetUri':'../etc/passwd'}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("'datasetUri' is not usable");
    assertThatThrownBy(() -> propose("{'reason':'x','datasetUri':'iris.csv'}")).isInstanceOf(BadRequestException.class)
        .hasMessageContaining("'iris.csv' already");
    assertThatThrownBy(() -> propose("{'reason':'x','datasetUri':'no-target.csv'}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("no column 'species'");
    // A valid risk level with a bad field beside it: nothing of it is taken.
    assertThatThrownBy(() -> propose("{'reason':'x','riskLevel':'high','targetColumn':'petal_length'}"))
        .isInstanceOf(BadRequestException.class).hasMessageContaining("'targetColumn' cannot be changed");

    assertThat(requests.of(KEY)).isEmpty();
    assertThat(engine.started).isEmpty();
    assertThat(audit()).isEmpty();
    charterUnchanged();
  }

  @Test
  void onlyOneChangeWaitsForItsApprovalAtATime() {
    ChangeRequest first = propose(STRICTER);

    assertThatThrownBy(() -> propose("{'reason':'again','riskLevel':'high'}")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("Change request " + first.id()).hasMessageContaining("one change at a time");
    assertThat(requests.of(KEY)).extracting(ChangeRequest::id).containsExactly(first.id());
    assertThat(engine.started).hasSize(1);
  }

  @Test
  void aChangeIsRefusedBeforeTheCharterIsApprovedOnAnOldLifecycleAndAfterTheProjectEnded() {
    projects.enterPhase(KEY, "charter-validation");
    assertThatThrownBy(() -> propose(STRICTER)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("phase 'charter-validation'");

    projects.enterPhase(KEY, "model-development");
    engine.reacts = false;
    assertThatThrownBy(() -> propose(STRICTER)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("an administrator migrates it first");

    engine.reacts = true;
    projects.close(KEY, ProjectStatus.STOPPED);
    assertThatThrownBy(() -> propose(STRICTER)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("(STOPPED)");

    assertThat(requests.of(KEY)).isEmpty();
    assertThat(engine.started).isEmpty();
    assertThat(audit()).isEmpty();
  }

  @Test
  void inProductionTheDatasetIsNotChangedByACharterChange() throws Exception {
    Files.copy(root.resolve("iris.csv"), root.resolve("iris-2.csv"));
    projects.enterPhase(KEY, "production");

    assertThatThrownBy(() -> propose("{'reason':'fresher data','datasetUri':'iris-2.csv'}"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("is in production")
        .hasMessageContaining("Review degradation");
    assertThat(requests.of(KEY)).isEmpty();
    assertThat(engine.started).isEmpty();
  }

  // --- applying --------------------------------------------------------------------------------

  @Test
  void anApprovedChangeBecomesTheNextCharterVersionAndReachesTheRunningProject() throws Exception {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");

    String outcome = service.apply(KEY, cr.id());

    assertThat(outcome).isEqualTo("Charter version 2: successCriteria accuracy >= 0.8" + ARROW + "accuracy >= 0.95.");
    List<SuccessCriterion> stricter = List.of(new SuccessCriterion("accuracy", ">=", 0.95));
    assertThat(projects.charterVersion(KEY)).isEqualTo(2);
    assertThat(projects.charter(KEY).successCriteria()).isEqualTo(stricter);
    assertThat(projects.charter(KEY).riskLevel()).isEqualTo(founded.riskLevel());
    assertThat(projects.charter(KEY).datasetUri()).isEqualTo(founded.datasetUri());
    List<CharterVersion> versions = projects.charterVersions(KEY);
    assertThat(versions).extracting(CharterVersion::version).containsExactly(1, 2);
    // The version in force before stays as it was recorded.
    assertThat(charterOf(versions.get(0))).isEqualTo(founded);
    assertThat(versions.get(0).changeRequestId()).isNull();
    CharterVersion second = versions.get(1);
    assertThat(charterOf(second)).isEqualTo(projects.charter(KEY));
    assertThat(second.reason()).isEqualTo("The regulator wants more");
    assertThat(second.changedBy()).isEqualTo(PROPOSER);
    assertThat(second.approvedBy()).isEqualTo(SPONSOR);
    assertThat(second.changeRequestId()).isEqualTo(cr.id());

    ChangeRequest applied = stored(cr.id());
    assertThat(applied.status()).isEqualTo(ChangeRequest.APPLIED);
    assertThat(applied.toVersion()).isEqualTo(2);
    assertThat(applied.outcome()).isEqualTo(outcome);
    assertThat(applied.decidedAt()).isNotNull();
    assertThat(requests.open(KEY)).isEmpty();

    assertThat(engine.applied).singleElement().satisfies(a -> {
      assertThat(a.projectKey()).isEqualTo(KEY);
      assertThat(a.datasetChanged()).isFalse();
      assertThat(a.variables()).containsOnlyKeys("successCriteria");
      assertThat(CharterValidator.parseCriteriaOf((String) a.variables().get("successCriteria"),
          TaskType.CLASSIFICATION)).isEqualTo(stricter);
    });
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTOR", SPONSOR)
        .containsEntry("ACTION", "charter-changed").containsEntry("DETAIL", outcome + " Change request " + cr.id()
            + " by " + PROPOSER + ": The regulator wants more"));
  }

  @Test
  void aNewDatasetIsHandedToTheRunningProjectAsAChangedDataset() throws Exception {
    Files.copy(root.resolve("iris.csv"), root.resolve("iris-2.csv"));
    ChangeRequest cr = propose("{'reason':'fresher data','datasetUri':'iris-2.csv'}");
    assertThat(cr.complianceCoSign()).isFalse();
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, null);

    assertThat(service.apply(KEY, cr.id())).isEqualTo("Charter version 2: datasetUri iris.csv" + ARROW + "iris-2.csv.");

    assertThat(projects.charter(KEY).datasetUri()).isEqualTo("iris-2.csv");
    assertThat(projects.charter(KEY).successCriteria()).isEqualTo(founded.successCriteria());
    assertThat(engine.applied).singleElement().satisfies(a -> {
      assertThat(a.datasetChanged()).isTrue();
      assertThat(a.variables()).isEqualTo(Map.of("datasetUri", "iris-2.csv"));
    });
  }

  @Test
  void aRiskChangeIsAppliedOnlyWithAComplianceCoSignByAThirdPerson() {
    ChangeRequest cr = propose("{'reason':'Used for credit decisions now','riskLevel':'high'}");
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");

    assertThatThrownBy(() -> service.apply(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no compliance co-sign").hasMessageContaining("the charter is unchanged");
    signOff(CO_SIGN, SPONSOR, SignOff.APPROVED, "the sponsor again");
    assertThatThrownBy(() -> service.apply(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no compliance co-sign");
    signOff(CO_SIGN, PROPOSER, SignOff.APPROVED, "the proposer");
    assertThatThrownBy(() -> service.apply(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no compliance co-sign");
    charterUnchanged();
    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.PROPOSED);
    assertThat(engine.applied).isEmpty();

    signOff(CO_SIGN, COMPLIANCE, SignOff.APPROVED, "agreed");
    assertThat(service.apply(KEY, cr.id())).isEqualTo("Charter version 2: riskLevel medium" + ARROW + "high.");

    assertThat(projects.charter(KEY).riskLevel()).isEqualTo("high");
    assertThat(projects.charterVersions(KEY)).last().satisfies(v -> {
      assertThat(v.version()).isEqualTo(2);
      assertThat(v.approvedBy()).isEqualTo(SPONSOR + ", " + COMPLIANCE);
      assertThat(v.changedBy()).isEqualTo(PROPOSER);
    });
    assertThat(engine.applied).singleElement().satisfies(a -> {
      assertThat(a.variables()).isEqualTo(Map.of("riskLevel", "high"));
      assertThat(a.datasetChanged()).isFalse();
    });
  }

  @Test
  void neitherTheProposersOwnApprovalNorOneFromBeforeTheRequestAppliesIt() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, PROPOSER, SignOff.APPROVED, "my own");

    assertThatThrownBy(() -> service.apply(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no approving sign-off by another person than its proposer");

    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "an old approval", cr.createdAt().minusSeconds(3600));
    assertThatThrownBy(() -> service.apply(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no approving sign-off");

    charterUnchanged();
    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.PROPOSED);
    assertThat(engine.applied).isEmpty();
    assertThat(audit()).extracting(r -> r.get("ACTION")).containsExactly("change-requested");
  }

  @Test
  void anAppliedChangeIsNeverAppliedTwice() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");
    String first = service.apply(KEY, cr.id());

    assertThat(service.apply(KEY, cr.id())).isEqualTo("Change request " + cr.id() + " was applied already.");
    assertThat(service.reject(KEY, cr.id())).isEqualTo("Change request " + cr.id() + " was applied already.");

    assertThat(projects.charterVersions(KEY)).hasSize(2);
    assertThat(projects.charterVersion(KEY)).isEqualTo(2);
    assertThat(engine.applied).hasSize(1);
    ChangeRequest applied = stored(cr.id());
    assertThat(applied.status()).isEqualTo(ChangeRequest.APPLIED);
    assertThat(applied.outcome()).isEqualTo(first);
    assertThat(audit()).extracting(r -> r.get("ACTION")).containsExactly("change-requested", "charter-changed");
  }

  @Test
  void aChangeApprovedAfterTheProjectEndedIsClosedWithoutChangingTheCharter() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");
    projects.close(KEY, ProjectStatus.STOPPED);

    String outcome = service.apply(KEY, cr.id());

    assertThat(outcome).isEqualTo("The project ended before the change was applied; the charter is unchanged.");
    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.WITHDRAWN);
    assertThat(stored(cr.id()).toVersion()).isNull();
    charterUnchanged();
    assertThat(engine.applied).isEmpty();
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTION", "change-withdrawn"));
  }

  // --- rejecting and withdrawing ---------------------------------------------------------------

  @Test
  void aRejectedChangeLeavesTheCharterAsItWasAndSaysWhoRejectedIt() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.REJECTED, "not before the next audit");

    String outcome = service.reject(KEY, cr.id());

    assertThat(outcome).isEqualTo("Rejected by " + SPONSOR + ": not before the next audit");
    ChangeRequest rejected = stored(cr.id());
    assertThat(rejected.status()).isEqualTo(ChangeRequest.REJECTED);
    assertThat(rejected.outcome()).isEqualTo(outcome);
    assertThat(rejected.toVersion()).isNull();
    assertThat(rejected.decidedAt()).isNotNull();
    charterUnchanged();
    assertThat(engine.applied).isEmpty();
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTOR", SPONSOR)
        .containsEntry("ACTION", "change-rejected").containsEntry("DETAIL", "Change request " + cr.id() + ": "
            + outcome));

    // Nor can it be applied afterwards, whatever approval turns up.
    signOff(APPROVE, "sian", SignOff.APPROVED, "late");
    assertThat(service.apply(KEY, cr.id())).isEqualTo("Change request " + cr.id() + " was rejected already.");
    charterUnchanged();
    assertThat(engine.applied).isEmpty();
    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.REJECTED);
  }

  @Test
  void complianceRejectingAfterTheSponsorApprovedRejectsTheRiskChange() {
    ChangeRequest cr = propose("{'reason':'Used for credit decisions now','riskLevel':'high'}");
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");
    signOff(CO_SIGN, COMPLIANCE, SignOff.REJECTED, "no legal basis");

    assertThat(service.reject(KEY, cr.id())).isEqualTo("Rejected by " + COMPLIANCE + ": no legal basis");

    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.REJECTED);
    assertThat(projects.charter(KEY).riskLevel()).isEqualTo("medium");
    charterUnchanged();
  }

  @Test
  void aChangeWithoutARejectingSignOffSinceItWasProposedStaysOpen() {
    ChangeRequest cr = propose(STRICTER);

    assertThatThrownBy(() -> service.reject(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no rejecting sign-off");
    signOff(APPROVE, SPONSOR, SignOff.REJECTED, "an old rejection", cr.createdAt().minusSeconds(3600));
    assertThatThrownBy(() -> service.reject(KEY, cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no rejecting sign-off");

    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.PROPOSED);
    assertThat(requests.open(KEY)).isPresent();
  }

  @Test
  void aWithdrawnChangeClosesItsApprovalLeavesTheCharterAndCannotBeAppliedOrWithdrawnAgain() {
    ChangeRequest cr = propose(STRICTER);

    ChangeRequest withdrawn = service.withdraw(KEY, cr.id(), PROPOSER, "  the audit is postponed ");

    assertThat(withdrawn.status()).isEqualTo(ChangeRequest.WITHDRAWN);
    assertThat(withdrawn.outcome()).isEqualTo("Withdrawn by " + PROPOSER + ": the audit is postponed");
    assertThat(withdrawn.decidedAt()).isNotNull();
    assertThat(engine.cancelled).singleElement().satisfies(c -> {
      assertThat(c.projectKey()).isEqualTo(KEY);
      assertThat(c.changeRequestId()).isEqualTo(cr.id());
    });
    assertThat(requests.open(KEY)).isEmpty();
    charterUnchanged();
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTOR", PROPOSER)
        .containsEntry("ACTION", "change-withdrawn"));

    // An approval that still arrives does not bring it back.
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "too late");
    assertThat(service.apply(KEY, cr.id())).isEqualTo("Change request " + cr.id() + " was withdrawn already.");
    assertThatThrownBy(() -> service.withdraw(KEY, cr.id(), PROPOSER, null)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("is withdrawn; only a waiting one can be withdrawn");
    charterUnchanged();
    assertThat(engine.applied).isEmpty();
    assertThat(engine.cancelled).hasSize(1);
    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.WITHDRAWN);
  }

  @Test
  void onlyItsProposerWithdrawsAChangeAndOnlyUntilASponsorApprovedIt() {
    ChangeRequest cr = propose(STRICTER);

    assertThatThrownBy(() -> service.withdraw(KEY, cr.id(), SPONSOR, null)).isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("Only its proposer, " + PROPOSER);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");
    assertThatThrownBy(() -> service.withdraw(KEY, cr.id(), PROPOSER, null)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("approved by a sponsor already");

    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.PROPOSED);
    assertThat(engine.cancelled).isEmpty();
  }

  @Test
  void aChangeRequestIsDecidedOnlyInItsOwnProject() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");

    assertThatThrownBy(() -> service.apply("other", cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to project 'iris', not 'other'");
    assertThatThrownBy(() -> service.reject("other", cr.id())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to project 'iris'");
    assertThatThrownBy(() -> service.withdraw("other", cr.id(), PROPOSER, null))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("Project 'other' has no change request");
    assertThatThrownBy(() -> service.apply(KEY, cr.id() + 1000)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no change request " + (cr.id() + 1000));

    assertThat(stored(cr.id()).status()).isEqualTo(ChangeRequest.PROPOSED);
    charterUnchanged();
    assertThat(engine.applied).isEmpty();
    assertThat(engine.cancelled).isEmpty();
  }

  // --- judging models again --------------------------------------------------------------------

  @Test
  void aWaitingCandidateThatNoLongerMeetsTheNewCharterLeavesStaging() {
    long candidate = stagedCandidate();
    applied(NEAR_CERTAIN);

    boolean met = service.rejudge(KEY, candidate);

    assertThat(met).isFalse();
    assertThat(registry.get(candidate).stage()).isEqualTo(Stage.CANDIDATE);
    assertThat(registry.get(candidate).criteriaMet()).isFalse();
    assertThat(registry.charterVersionOf(candidate)).isEqualTo(2);
    assertThat(registry.transitions(candidate)).last().satisfies(t -> assertThat(t)
        .containsEntry("FROM_STAGE", "STAGING").containsEntry("TO_STAGE", "CANDIDATE")
        .containsEntry("REASON", "does not meet charter version 2"));
    // The verdict it was staged under is kept beside the new one.
    assertThat(registry.judgements(candidate)).hasSize(2);
    assertThat(registry.judgements(candidate).get(0)).containsEntry("CRITERIA_MET", true);
    assertThat(registry.judgements(candidate).get(1)).containsEntry("CHARTER_VERSION", 2)
        .containsEntry("CRITERIA_MET", false);
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTION", "candidate-rejudged")
        .containsEntry("DETAIL", "Model " + candidate + " does not meet charter version 2."));
  }

  @Test
  void aWaitingCandidateThatStillMeetsTheNewCharterStaysInStaging() {
    long candidate = stagedCandidate();
    applied("{'reason':'A lower bar for a first release','successCriteria':"
        + "[{'metric':'accuracy','operator':'>=','threshold':0.2}]}");

    boolean met = service.rejudge(KEY, candidate);

    assertThat(met).isTrue();
    assertThat(registry.get(candidate).stage()).isEqualTo(Stage.STAGING);
    assertThat(registry.get(candidate).criteriaMet()).isTrue();
    assertThat(registry.charterVersionOf(candidate)).isEqualTo(2);
    assertThat(registry.transitions(candidate)).last().satisfies(t -> assertThat(t).containsEntry("TO_STAGE", "STAGING"));
    assertThat(audit()).last().satisfies(r -> assertThat(r).containsEntry("ACTION", "candidate-rejudged")
        .containsEntry("DETAIL", "Model " + candidate + " meets charter version 2."));
  }

  @Test
  void newCriteriaJudgeTheProductionModelAgainAndSaySoWithoutTakingItOutOfProduction() {
    long model = stagedCandidate();
    registry.promoteToProduction(KEY, model, SPONSOR, "approved");
    projects.enterPhase(KEY, "production");
    ChangeRequest cr = propose(NEAR_CERTAIN);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");

    String outcome = service.apply(KEY, cr.id());

    assertThat(outcome).startsWith("Charter version 2: successCriteria accuracy >= 0.8" + ARROW)
        .endsWith(". The production model (version 1) does not meet the new criteria on its test metrics.");
    assertThat(stored(cr.id()).outcome()).isEqualTo(outcome);
    assertThat(registry.production(KEY)).hasValueSatisfying(v -> {
      assertThat(v.id()).isEqualTo(model);
      assertThat(v.criteriaMet()).isFalse();
    });
    assertThat(registry.charterVersionOf(model)).isEqualTo(2);
    assertThat(engine.applied).singleElement().satisfies(a -> assertThat(a.datasetChanged()).isFalse());
  }

  @Test
  void aModelOfAnotherProjectIsNeverJudgedByThisCharterAndAProductionOneStaysWhereItIs() {
    long candidate = stagedCandidate();
    assertThatThrownBy(() -> service.rejudge("another-project", candidate)).isInstanceOf(IllegalStateException.class)
        .hasMessage("Model " + candidate + " is not a model of project 'another-project'.");
    assertThat(registry.get(candidate).stage()).isEqualTo(Stage.STAGING);

    registry.promoteToProduction(KEY, candidate, SPONSOR, "approved");
    applied(NEAR_CERTAIN);
    assertThat(service.rejudge(KEY, candidate)).isFalse();
    assertThat(registry.get(candidate).stage()).as("only a candidate in staging leaves it").isEqualTo(Stage.PRODUCTION);
  }

  @Test
  void aRejectionWithoutACommentSaysOnlyWhoRejected() {
    ChangeRequest cr = propose(STRICTER);
    signOff(APPROVE, SPONSOR, SignOff.REJECTED, null);
    assertThat(service.reject(KEY, cr.id())).isEqualTo("Rejected by " + SPONSOR + ".");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** A logistic regression trained on the iris split, evaluated once and waiting in staging. */
  private long stagedCandidate() {
    long version = data.ingest(KEY, "iris.csv").datasetVersionId();
    RecordedSplit split = data.prepare(KEY, "iris.csv", version, new PreparationPlan("species",
        TaskType.CLASSIFICATION, List.of(), 42, PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO));
    long id = new ModelDevelopmentService(data, registry, properties).trainCandidate(KEY, split.splitId(), 1,
        "logistic_regression", new IterationPlan(List.of("logistic_regression"), 1, List.of(), "accuracy"));
    assertThat(evaluation.evaluate(id, LOW_BAR).allMet()).as("the candidate meets the low bar").isTrue();
    registry.moveTo(id, Stage.STAGING, null, "criteria met");
    return id;
  }

  /** The change proposed by the steward, approved by the sponsor and applied: charter version 2. */
  private void applied(String json) {
    ChangeRequest cr = propose(json);
    signOff(APPROVE, SPONSOR, SignOff.APPROVED, "agreed");
    assertThat(service.apply(KEY, cr.id())).startsWith("Charter version 2:");
  }

  private ChangeRequest propose(String json) {
    return service.propose(KEY, PROPOSER, body(json));
  }

  private ChangeRequest stored(long id) {
    return requests.find(id).orElseThrow();
  }

  private void signOff(String task, String user, String decision, String comment) {
    signOff(task, user, decision, comment, Instant.now());
  }

  private void signOff(String task, String user, String decision, String comment, Instant decidedAt) {
    records.append(new SignOff(0, KEY, "t" + (++tasks), task, user,
        List.of(CO_SIGN.equals(task) ? "compliance" : "sponsors"), decision, comment, decidedAt, "charter-change", 1,
        "", null, null, null, null));
  }

  /** The charter is still the one the project was founded with, and no version was added. */
  private void charterUnchanged() {
    assertThat(projects.charterVersion(KEY)).isEqualTo(1);
    assertThat(projects.charterVersions(KEY)).extracting(CharterVersion::version).containsExactly(1);
    assertThat(projects.charter(KEY)).isEqualTo(founded);
  }

  private List<Map<String, Object>> audit() {
    return jdbc.queryForList("SELECT actor, action, detail FROM mlpm_audit WHERE project_key = ? ORDER BY seq", KEY);
  }

  private static Charter charterOf(CharterVersion version) throws JsonProcessingException {
    return JSON.readValue(version.charterJson(), Charter.class);
  }

  /** JSON written with single quotes, for legibility. */
  private static JsonNode body(String json) {
    try {
      return JSON.readTree(json.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  record Started(String projectKey, long changeRequestId, boolean complianceCoSign, Map<String, String> shown) {}

  record Applied(String projectKey, Map<String, Object> variables, boolean datasetChanged) {}

  record Cancelled(String projectKey, long changeRequestId, String reason) {}

  /** The engine port, recording what it was handed; its lifecycle reacts to changes unless told not to. */
  static final class RecordingEngine implements ProjectChanges {
    final List<Started> started = new ArrayList<>();
    final List<Applied> applied = new ArrayList<>();
    final List<Cancelled> cancelled = new ArrayList<>();
    boolean reacts = true;

    @Override
    public void startApproval(String projectKey, long changeRequestId, boolean complianceCoSign,
        Map<String, String> shown) {
      started.add(new Started(projectKey, changeRequestId, complianceCoSign, new LinkedHashMap<>(shown)));
    }

    @Override
    public void cancelApproval(String projectKey, long changeRequestId, String reason) {
      cancelled.add(new Cancelled(projectKey, changeRequestId, reason));
    }

    @Override
    public boolean reactsToChanges(String projectKey) {
      return reacts;
    }

    @Override
    public void applyToRunningProject(String projectKey, Map<String, Object> variables, boolean datasetChanged) {
      applied.add(new Applied(projectKey, new LinkedHashMap<>(variables), datasetChanged));
    }
  }
}
