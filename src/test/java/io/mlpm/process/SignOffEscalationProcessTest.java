package io.mlpm.process;

import io.mlpm.process.delegate.ExtendSignOffDelegate;
import io.mlpm.process.delegate.ReassignSignOffDelegate;
import io.mlpm.process.engine.DecisionListener;
import io.mlpm.process.engine.EngineSignOffs;
import io.mlpm.process.engine.SignOffCheck;
import io.mlpm.process.engine.SignOffDueSettings;
import io.mlpm.process.engine.SignOffWatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.mlpm.data.DatasetRoot;
import io.mlpm.governance.AuditTrail;
import io.mlpm.governance.DecisionRules;
import io.mlpm.governance.SignOffEscalation;
import io.mlpm.notification.SignOffTask;
import io.mlpm.notification.TaskNotifications;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The due-date watch and every path of sign-off-escalation.bpmn, on the engine's clock: a reminder
 * at the due date (once), an escalation to the project's sponsor past the grace period, extend,
 * reassign to a member of the sign-off's group, a refused reassignment, and a withdrawn escalation.
 */
@Deployment(resources = "bpmn/sign-off-escalation.bpmn")
class SignOffEscalationProcessTest {

  @RegisterExtension
  static ProcessEngineExtension engine = ProcessTestSupport.engine();

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private final TaskNotifications notifications = mock(TaskNotifications.class);
  private final AuditTrail audit = mock(AuditTrail.class);
  private SignOffWatch watch;
  private TaskService tasks;
  private String deployment;

  @BeforeEach
  void setUp() throws Exception {
    ProcessEngine pe = engine.getProcessEngine();
    tasks = pe.getTaskService();
    IdentityService identity = pe.getIdentityService();
    for (String[] u : new String[][] {{"steward", "data-stewards"}, {"steward2", "data-stewards"},
        {"sponsor", "sponsors"}}) {
      identity.saveUser(identity.newUser(u[0]));
      if (identity.createGroupQuery().groupId(u[1]).count() == 0) {
        identity.saveGroup(identity.newGroup(u[1]));
      }
      identity.createMembership(u[0], u[1]);
    }
    ClockUtil.setCurrentTime(Date.from(NOW));
    deployment = pe.getRepositoryService().createDeployment().addModelInstance("approve.bpmn",
        Bpmn.createExecutableProcess("approve-data").startEvent().userTask("approveDataset").name("Approve dataset")
            .camundaCandidateGroups("data-stewards").endEvent().done())
        .addModelInstance("charter.bpmn", Bpmn.createExecutableProcess("approve-charter").startEvent()
            .userTask("approveCharter").name("Approve charter").camundaCandidateUsers("sponsor").endEvent().done())
        .deploy().getId();
    ProjectRepository projects = mock(ProjectRepository.class);
    when(projects.find("churn")).thenReturn(Optional.of(new Project("churn", "Churn", "classification", "y", "sponsor",
        "scientist", "data", ProjectStatus.values()[0], "{}", NOW, NOW)));
    SignOffCheck check = mock(SignOffCheck.class);
    when(check.refusal(anyString(), anyString(), any())).thenReturn(Optional.empty());
    when(check.refusal("approveDataset", "steward", "churn")).thenReturn(Optional.of("steward waived its findings"));
    SignOffEscalation escalation = new SignOffEscalation(new EngineSignOffs(tasks, pe.getRuntimeService(), identity,
        check), audit);
    DecisionRules rules = new DecisionRules(new DatasetRoot(Files.createTempDirectory("mlpm-ds"))::resolve,
        (user, group) -> identity.createUserQuery().userId(user).memberOfGroup(group).count() > 0);
    Mocks.register("decisionListener", new DecisionListener(audit, rules, null, null, null, null));
    Mocks.register("extendSignOffDelegate", new ExtendSignOffDelegate(escalation));
    Mocks.register("reassignSignOffDelegate", new ReassignSignOffDelegate(escalation));
    watch = new SignOffWatch(tasks, pe.getRuntimeService(), pe.getHistoryService(), notifications, projects, audit,
        new SignOffDueSettings(null, Map.of(), Duration.ofDays(1), null), TransactionOperations.withoutTransaction(),
        null);
  }

  @AfterEach
  void tearDown() {
    Mocks.reset();
    ClockUtil.reset();
    engine.getProcessEngine().getRepositoryService().deleteDeployment(deployment, true);
    IdentityService identity = engine.getProcessEngine().getIdentityService();
    List.of("steward", "steward2", "sponsor").forEach(identity::deleteUser);
    List.of("data-stewards", "sponsors").forEach(identity::deleteGroup);
  }

  /** A dataset sign-off of project churn, due in two days. */
  private Task signOff() {
    engine.getProcessEngine().getRuntimeService().startProcessInstanceByKey("approve-data", "churn");
    Task t = tasks.createTaskQuery().taskDefinitionKey("approveDataset").singleResult();
    t.setDueDate(Date.from(NOW.plus(Duration.ofDays(2))));
    tasks.saveTask(t);
    return t;
  }

  private ProcessInstance escalation() {
    return engine.getProcessEngine().getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("sign-off-escalation").singleResult();
  }

  private Task decision() {
    return tasks.createTaskQuery().taskDefinitionKey("decideEscalation").singleResult();
  }

  @Test
  void atTheDueDateItsCandidatesAreRemindedOnce() {
    Task t = signOff();
    assertThat(watch.watch(NOW.plus(Duration.ofDays(1))).reminded()).isEmpty();
    assertThat(watch.watch(NOW.plus(Duration.ofDays(2)).plusSeconds(60)).reminded()).containsExactly(t.getId());
    assertThat(watch.watch(NOW.plus(Duration.ofDays(2)).plusSeconds(120)).reminded()).isEmpty();
    verify(notifications, times(1)).overdue(any(SignOffTask.class));
    // Not yet past the grace period: nobody is asked to step in.
    assertThat(escalation()).isNull();
  }

  @Test
  void pastTheGracePeriodTheSponsorExtendsTheDueDate() {
    Task t = signOff();
    Instant late = NOW.plus(Duration.ofDays(3)).plusSeconds(60);
    assertThat(watch.watch(late).escalated()).containsExactly(t.getId());
    assertThat(watch.watch(late).escalated()).isEmpty();
    ProcessInstance pi = escalation();
    assertThat(pi).isWaitingAt("decideEscalation");
    assertThat(decision()).hasCandidateUser("sponsor");
    assertThat(pi.getBusinessKey()).isEqualTo("churn");

    assertThatThrownBy(() -> complete(decision(), withVariables(Variables.DECISION, "extend", Variables.EXTEND_DAYS, 2)))
        .isInstanceOf(ProcessEngineException.class).hasMessageContaining(Variables.COMMENT);
    assertThatThrownBy(() -> complete(decision(), withVariables(Variables.DECISION, "extend", Variables.EXTEND_DAYS, 90,
        Variables.COMMENT, "holidays"))).isInstanceOf(ProcessEngineException.class).hasMessageContaining("1 to 30");
    ClockUtil.setCurrentTime(Date.from(late));
    complete(decision(), withVariables(Variables.DECISION, "extend", Variables.EXTEND_DAYS, 2, Variables.COMMENT, "holidays"));
    assertThat(pi).isEnded().hasPassed("extendSignOff", "dueDateExtended");
    Instant due = tasks.createTaskQuery().taskId(t.getId()).singleResult().getDueDate().toInstant();
    assertThat(due).isEqualTo(late.plus(Duration.ofDays(2)));
    // The new due date starts over: no reminder or escalation until it has passed.
    assertThat(watch.watch(late.plusSeconds(60)).reminded()).isEmpty();
    assertThat(watch.watch(due.plusSeconds(60)).reminded()).containsExactly(t.getId());
  }

  @Test
  void theSponsorHasItReassignedToAMemberOfItsGroup() {
    Task t = signOff();
    watch.watch(NOW.plus(Duration.ofDays(4)));
    ProcessInstance pi = escalation();
    assertThatThrownBy(() -> complete(decision(), withVariables(Variables.DECISION, "reassign", Variables.REASSIGN_TO, "sponsor",
        Variables.COMMENT, "sponsor will do it"))).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("not a member of [data-stewards]");
    assertThatThrownBy(() -> complete(decision(), withVariables(Variables.DECISION, "reassign", Variables.REASSIGN_TO, "steward",
        Variables.COMMENT, "steward is back"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("steward waived its findings");
    complete(decision(), withVariables(Variables.DECISION, "reassign", Variables.REASSIGN_TO, "steward2", Variables.COMMENT, "steward is away"));
    assertThat(pi).isEnded().hasPassed("reassignSignOff", "signOffReassigned");
    assertThat(tasks.createTaskQuery().taskId(t.getId()).singleResult().getAssignee()).isEqualTo("steward2");
    verify(audit).record("churn", null, "sign-off-escalated", "'Approve dataset' was due "
        + NOW.plus(Duration.ofDays(2)) + "; escalated to sponsor after PT24H.");
  }

  @Test
  void anEscalationWhoseSignOffWasCompletedIsWithdrawn() {
    Task t = signOff();
    watch.watch(NOW.plus(Duration.ofDays(4)));
    ProcessInstance pi = escalation();
    tasks.complete(t.getId());
    assertThat(watch.watch(NOW.plus(Duration.ofDays(4)).plusSeconds(60)).withdrawn()).containsExactly(pi.getId());
    assertThat(escalation()).isNull();
  }

  @Test
  void aSignOffWaitingForTheSponsorThemselvesIsRemindedNotEscalatedToThem() {
    engine.getProcessEngine().getRuntimeService().startProcessInstanceByKey("approve-charter", "churn");
    Task t = tasks.createTaskQuery().taskDefinitionKey("approveCharter").singleResult();
    t.setDueDate(Date.from(NOW.plus(Duration.ofDays(1))));
    tasks.saveTask(t);
    SignOffWatch.Round round = watch.watch(NOW.plus(Duration.ofDays(3)));
    assertThat(round.reminded()).containsExactly(t.getId());
    assertThat(round.escalated()).isEmpty();
    assertThat(escalation()).isNull();
    verify(audit).record(org.mockito.ArgumentMatchers.eq("churn"), org.mockito.ArgumentMatchers.isNull(),
        org.mockito.ArgumentMatchers.eq("sign-off-overdue"), org.mockito.ArgumentMatchers.contains("waits for the sponsor"));
  }

  @Test
  void aTaskOutsideAnyProcessIsLeftAloneAndHoldsUpNothing() {
    Task standalone = tasks.newTask();
    standalone.setName("Call the vendor");
    standalone.setDueDate(Date.from(NOW));
    tasks.saveTask(standalone);
    Task t = signOff();
    try {
      assertThat(watch.watch(NOW.plus(Duration.ofDays(4))).escalated()).containsExactly(t.getId());
    } finally {
      tasks.deleteTask(standalone.getId(), true);
    }
  }
}
