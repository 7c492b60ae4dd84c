package io.mlpm.project;

import java.time.Instant;

/** One ML project: its charter and where it stands. */
public record Project(
    String key,
    String name,
    String taskType,
    String targetColumn,
    String sponsor,
    String startedBy,
    String phase,
    ProjectStatus status,
    String charterJson,
    Instant createdAt,
    Instant updatedAt) {}
