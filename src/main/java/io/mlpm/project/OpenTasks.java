package io.mlpm.project;

import java.time.Instant;
import java.util.List;

/** The sign-offs a project is waiting for; implemented on top of the workflow engine. */
public interface OpenTasks {

  List<OpenTask> of(String projectKey);

  /**
   * A waiting user task: its key (e.g. {@code approveCharter}), name, who may do it
   * ({@code group:data-stewards}, {@code user:sam}), since when, and its due date if it has one.
   */
  record OpenTask(String id, String taskKey, String name, String assignee, List<String> candidates, Instant since,
      Instant due) {

    public boolean overdue(Instant now) {
      return due != null && due.isBefore(now);
    }

    /** Whether this user, with these groups, is a candidate of the task (or has it). */
    public boolean isFor(String user, List<String> groups) {
      return user != null && (user.equals(assignee) || candidates.contains("user:" + user)
          || groups.stream().anyMatch(g -> candidates.contains("group:" + g)));
    }
  }
}
