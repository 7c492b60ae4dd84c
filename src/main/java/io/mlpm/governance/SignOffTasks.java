package io.mlpm.governance;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The open sign-offs as the engine holds them (implemented in {@code process/}), for escalations. */
public interface SignOffTasks {

  /** An open sign-off: its task, kind, name, project, candidate groups and due date. */
  record OpenSignOff(String taskId, String taskKey, String name, String projectKey, List<String> groups,
      Instant due) {}

  /** The sign-off while it is open; empty once it was completed. */
  Optional<OpenSignOff> find(String taskId);

  void setDue(String taskId, Instant due);

  void assign(String taskId, String user);

  /** Why segregation of duties keeps {@code user} from signing this kind of task in the project, if it does. */
  Optional<String> refusal(String taskKey, String user, String projectKey);

  boolean isMember(String user, String group);
}
