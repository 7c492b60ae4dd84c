package io.mlpm.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.TestDatabase;
import io.mlpm.charter.Charter;
import io.mlpm.charter.CharterValidator;
import io.mlpm.charter.InvalidCharterException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** A project's founding without the engine: the charter validated, stored as version 1, recorded. */
class ProjectFoundingTest {

  private final JdbcTemplate jdbc = TestDatabase.migrated();
  private final ProjectRepository projects = new ProjectRepository(jdbc);
  private final ProjectFounding founding = new ProjectFounding(
      new CharterValidator((uri, delimiter) -> List.of("petal_length", "species"), Set.of("sam")::contains), projects,
      TestDatabase.auditTrail(jdbc));

  private static Map<String, Object> charter() {
    return io.mlpm.charter.TestCharters.iris("sam");
  }

  @Test
  void theCharterIsStoredAsVersionOneAndTheSubmissionRecorded() {
    Charter charter = founding.found("iris-1", charter(), "sam");

    assertThat(projects.charter("iris-1")).isEqualTo(charter);
    assertThat(jdbc.queryForObject("SELECT charter_version FROM mlpm_project WHERE project_key = 'iris-1'",
        Integer.class)).isEqualTo(1);
    assertThat(jdbc.queryForList("SELECT actor, action FROM mlpm_audit WHERE project_key = 'iris-1'"))
        .containsExactly(Map.of("ACTOR", "sam", "ACTION", "charter-submitted"));
  }

  @Test
  void aWrongCharterOrNoKeyFoundsNothing() {
    Map<String, Object> wrong = charter();
    wrong.put("seed", "forty-two");
    assertThatThrownBy(() -> founding.found("iris-2", wrong, "sam")).isInstanceOf(InvalidCharterException.class)
        .hasMessageContaining("seed");
    assertThatThrownBy(() -> founding.found(" ", charter(), "sam")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("business key");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_project", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_audit", Integer.class)).isZero();
  }
}
