package io.mlpm.notification;

import java.time.Instant;
import java.util.List;

/** An open sign-off as notifications need it: the task, its project, its candidates and due date. */
public record SignOffTask(String taskId, String taskKey, String name, String projectKey, List<String> groups,
    List<String> users, Instant due) {}
