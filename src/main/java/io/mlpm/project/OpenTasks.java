package io.mlpm.project;

import java.util.List;

/** The sign-offs a project is waiting for; implemented on top of the workflow engine. */
public interface OpenTasks {

  List<OpenTask> of(String projectKey);

  /** A waiting user task: its key (e.g. {@code approveCharter}), name and who may do it. */
  record OpenTask(String id, String taskKey, String name, String assignee, List<String> candidates) {}
}
