package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import io.mlpm.governance.AuditTrail;
import io.mlpm.notification.Lease;
import io.mlpm.notification.SignOffTask;
import io.mlpm.notification.TaskNotifications;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Watches the due dates of open sign-offs, on one node at a time (the {@code sign-off-watch}
 * lease), on the engine's clock: at the due date the candidates are reminded once; past
 * {@code escalate-after} the project's sponsor gets a {@code sign-off-escalation}; an escalation
 * whose sign-off was completed meanwhile is withdrawn. Each task's step is one transaction, with
 * a task-local marker of the due date it handled, so a new due date starts over.
 */
public class SignOffWatch {

  static final String LEASE = "sign-off-watch";
  private static final Logger LOG = LoggerFactory.getLogger(SignOffWatch.class);
  private static final int BATCH = 500;
  /** Tasks looked at per round at most; the next round takes up the rest. */
  private static final int MAX_PER_ROUND = 20_000;
  private final TaskService tasks;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final TaskNotifications notifications;
  private final ProjectRepository projects;
  private final AuditTrail audit;
  private final SignOffDueSettings settings;
  private final TransactionOperations transaction;
  private final Lease lease;

  public SignOffWatch(TaskService tasks, RuntimeService runtime, HistoryService history, TaskNotifications notifications,
      ProjectRepository projects, AuditTrail audit, SignOffDueSettings settings, TransactionOperations transaction,
      Lease lease) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.history = history;
    this.notifications = notifications;
    this.projects = projects;
    this.audit = audit;
    this.settings = settings;
    this.transaction = transaction;
    this.lease = lease;
  }

  @Scheduled(fixedDelayString = "${mlpm.sign-offs.watch-interval:PT1M}", initialDelayString = "PT30S")
  public void poll() {
    try {
      if (lease.hold(LEASE, Instant.now(), settings.watchInterval().multipliedBy(2).plusMinutes(1))) {
        watch(ClockUtil.getCurrentTime().toInstant());
      }
    } catch (RuntimeException e) {
      LOG.warn("Sign-off watch: this round stopped ({}); the next one picks up where it left off.", e.toString());
    }
  }

  /** What one round did. */
  public record Round(List<String> reminded, List<String> escalated, List<String> withdrawn) {}

  public Round watch(Instant now) {
    List<String> reminded = new ArrayList<>();
    for (Task t : overdue(now)) {
      if (Boolean.TRUE.equals(safely(t, "remind", () -> transaction.execute(status -> remind(t))))) {
        reminded.add(t.getId());
      }
    }
    List<String> escalated = new ArrayList<>();
    for (Task t : overdue(now.minus(settings.escalateAfter()))) {
      if (!Variables.ESCALATION_PROCESS_KEY.equals(processKey(t))
          && Boolean.TRUE.equals(safely(t, "escalate", () -> transaction.execute(status -> escalate(t))))) {
        escalated.add(t.getId());
      }
    }
    List<String> withdrawn = new ArrayList<>();
    for (ProcessInstance pi : runtime.createProcessInstanceQuery().processDefinitionKey(Variables.ESCALATION_PROCESS_KEY)
        .active().listPage(0, MAX_PER_ROUND)) {
      Object escalatedTask = runtime.getVariable(pi.getId(), Variables.ESCALATED_TASK_ID);
      if (escalatedTask != null && tasks.createTaskQuery().taskId(escalatedTask.toString()).count() == 0) {
        HistoricTaskInstance ended = history.createHistoricTaskInstanceQuery().taskId(escalatedTask.toString())
            .singleResult();
        String how = ended == null || ended.getDeleteReason() == null ? "ended" : ended.getDeleteReason();
        transaction.executeWithoutResult(status -> {
          runtime.deleteProcessInstance(pi.getId(), "the overdue sign-off " + how + " before the escalation was decided");
          audit.record(pi.getBusinessKey(), null, "escalation-withdrawn", "The escalation of task " + escalatedTask
              + " was withdrawn: the sign-off " + how + ".");
        });
        withdrawn.add(pi.getId());
      }
    }
    return new Round(reminded, escalated, withdrawn);
  }

  /** One task's step; a task that fails it is logged and skipped, so it cannot hold up the others. */
  private Boolean safely(Task t, String what, java.util.function.Supplier<Boolean> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      LOG.warn("Sign-off watch: could not {} task {} ('{}'): {}", what, t.getId(), t.getName(), e.toString());
      return false;
    }
  }

  /** The open sign-offs of processes due before {@code before}, oldest first, in pages. */
  private List<Task> overdue(Instant before) {
    List<Task> all = new ArrayList<>();
    while (all.size() < MAX_PER_ROUND) {
      List<Task> page = tasks.createTaskQuery().active().dueBefore(Date.from(before)).orderByDueDate().asc()
          .orderByTaskId().asc().listPage(all.size(), BATCH);
      page.stream().filter(t -> t.getProcessInstanceId() != null).forEach(all::add);
      if (page.size() < BATCH) {
        break;
      }
    }
    return all;
  }

  /** @return whether the candidates were reminded now (false: already, for this due date) */
  private boolean remind(Task t) {
    String due = t.getDueDate().toInstant().toString();
    if (due.equals(tasks.getVariableLocal(t.getId(), Variables.REMINDED_FOR_DUE))) {
      return false;
    }
    tasks.setVariableLocal(t.getId(), Variables.REMINDED_FOR_DUE, due);
    notifications.overdue(signOff(t, businessKey(t)));
    return true;
  }

  /** @return whether an escalation was started now (false: already, or the sign-off belongs to no project) */
  private boolean escalate(Task t) {
    String due = t.getDueDate().toInstant().toString();
    if (due.equals(tasks.getVariableLocal(t.getId(), Variables.ESCALATED_FOR_DUE))) {
      return false;
    }
    String projectKey = businessKey(t);
    Optional<Project> project = projectKey == null ? Optional.empty() : projects.find(projectKey);
    tasks.setVariableLocal(t.getId(), Variables.ESCALATED_FOR_DUE, due);
    if (project.isEmpty() || project.get().sponsor() == null) {
      LOG.warn("Sign-off '{}' (task {}) is overdue but belongs to no project with a sponsor; not escalated.",
          t.getName(), t.getId());
      return false;
    }
    SignOffTask s = signOff(t, projectKey);
    if (s.groups().isEmpty() && s.users().contains(project.get().sponsor())) {
      // The sponsor is the one it waits for (the charter): asking them again helps nobody.
      audit.record(projectKey, null, "sign-off-overdue", "'" + t.getName() + "' was due " + due + " and waits for "
          + "the sponsor, " + project.get().sponsor() + ", who was reminded; it is not escalated.");
      return false;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put(Variables.ESCALATED_TASK_ID, t.getId());
    vars.put(Variables.ESCALATED_TASK_KEY, t.getTaskDefinitionKey());
    vars.put(Variables.ESCALATED_TASK_NAME, t.getName());
    vars.put(Variables.ESCALATED_DUE, due);
    vars.put(Variables.ESCALATED_GROUPS, String.join(",", s.groups()));
    List<String> who = new ArrayList<>(s.groups().stream().map(g -> "group " + g).toList());
    s.users().forEach(u -> who.add(u.equals(t.getAssignee()) ? u + " (assigned)" : u));
    vars.put(Variables.ESCALATED_CANDIDATES, String.join(", ", who));
    vars.put(Variables.ESCALATE_TO, project.get().sponsor());
    runtime.startProcessInstanceByKey(Variables.ESCALATION_PROCESS_KEY, projectKey, vars);
    audit.record(projectKey, null, "sign-off-escalated", "'" + t.getName() + "' was due " + due + "; escalated to "
        + project.get().sponsor() + " after " + settings.escalateAfter() + ".");
    return true;
  }

  private SignOffTask signOff(Task t, String projectKey) {
    return TaskNotifier.signOff(t.getId(), t.getTaskDefinitionKey(), t.getName(), projectKey,
        tasks.getIdentityLinksForTask(t.getId()), t.getAssignee(), t.getDueDate());
  }

  private String businessKey(Task t) {
    ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceId(t.getProcessInstanceId()).singleResult();
    return pi == null ? null : pi.getBusinessKey();
  }

  private String processKey(Task t) {
    return t.getProcessDefinitionId() == null ? null : t.getProcessDefinitionId().split(":")[0];
  }
}
