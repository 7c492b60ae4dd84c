package io.mlpm.governance;

import io.mlpm.governance.SignOffTasks.OpenSignOff;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What the sponsor decided on an overdue sign-off, carried out and recorded: a later due date, or
 * the sign-off assigned to a named member of its group whom segregation of duties lets sign it.
 * A sign-off completed while the escalation waited is left as it is (and so recorded).
 */
@Component
public class SignOffEscalation {

  private final SignOffTasks tasks;
  private final AuditTrail audit;

  public SignOffEscalation(SignOffTasks tasks, AuditTrail audit) {
    this.tasks = tasks;
    this.audit = audit;
  }

  /** @return what was done, as a sentence */
  public String extend(String projectKey, String taskId, int days, String by, Instant now) {
    Optional<OpenSignOff> open = tasks.find(taskId);
    if (open.isEmpty()) {
      return completedMeanwhile(projectKey, taskId, by);
    }
    OpenSignOff s = sameProject(open.get(), projectKey);
    Instant from = s.due() != null && s.due().isAfter(now) ? s.due() : now;
    Instant due = from.plus(Duration.ofDays(days));
    tasks.setDue(taskId, due);
    String outcome = "'" + s.name() + "' is now due " + due + " (was " + s.due() + ").";
    audit.record(projectKey, by, "sign-off-due-extended", outcome);
    return outcome;
  }

  /** @return what was done, as a sentence */
  public String reassign(String projectKey, String taskId, String user, String by) {
    Optional<OpenSignOff> open = tasks.find(taskId);
    if (open.isEmpty()) {
      return completedMeanwhile(projectKey, taskId, by);
    }
    OpenSignOff s = sameProject(open.get(), projectKey);
    if (s.groups().isEmpty()) {
      throw new IllegalArgumentException("'" + s.name() + "' is for a named person, so it cannot be reassigned.");
    }
    if (s.groups().stream().noneMatch(g -> tasks.isMember(user, g))) {
      throw new IllegalArgumentException("'" + user + "' is not a member of " + s.groups() + ", who sign off '"
          + s.name() + "'.");
    }
    Optional<String> refusal = tasks.refusal(s.taskKey(), user, projectKey);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException("'" + s.name() + "' cannot go to '" + user + "': " + refusal.get());
    }
    tasks.assign(taskId, user);
    String outcome = "'" + s.name() + "' is assigned to " + user + ".";
    audit.record(projectKey, by, "sign-off-reassigned", outcome);
    return outcome;
  }

  /** An escalation acts only on a sign-off of its own project. */
  private static OpenSignOff sameProject(OpenSignOff s, String projectKey) {
    if (!projectKey.equals(s.projectKey())) {
      throw new IllegalStateException("The escalation of project '" + projectKey + "' names a sign-off of '"
          + s.projectKey() + "'; nothing changed.");
    }
    return s;
  }

  private String completedMeanwhile(String projectKey, String taskId, String by) {
    String outcome = "The sign-off (task " + taskId + ") was completed while the escalation waited; nothing changed.";
    audit.record(projectKey, by, "escalation-moot", outcome);
    return outcome;
  }
}
