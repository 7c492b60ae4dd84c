package io.mlpm.project;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The groups that have or had a task in a project (kept for good: they keep reading it). */
@Repository
public class ProjectGroups {

  private final JdbcTemplate jdbc;

  public ProjectGroups(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Notes that {@code group} has a task in the project; nothing for a key that is not a project. */
  public void record(String projectKey, String group) {
    jdbc.update("INSERT INTO mlpm_project_group (project_key, group_id, first_task_at) SELECT project_key, ?, ?"
        + " FROM mlpm_project p WHERE p.project_key = ? AND NOT EXISTS (SELECT 1 FROM mlpm_project_group g"
        + " WHERE g.project_key = p.project_key AND g.group_id = ?)", group, Timestamp.from(Instant.now()),
        projectKey, group);
  }

  public List<String> of(String projectKey) {
    return jdbc.queryForList("SELECT group_id FROM mlpm_project_group WHERE project_key = ? ORDER BY group_id",
        String.class, projectKey);
  }
}
