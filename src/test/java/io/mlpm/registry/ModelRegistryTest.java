package io.mlpm.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stage transitions on the real schema (Flyway migrations on an in-memory H2). */
class ModelRegistryTest {

  private ModelRegistry registry;
  private JdbcTemplate jdbc;

  @BeforeEach
  void schema() {
    jdbc = TestDatabase.migrated();
    registry = new ModelRegistry(jdbc);
  }

  private long candidate(int iteration) {
    return registry.addCandidate(new NewModelVersion("p", iteration, "logistic_regression", "classification", "y",
        1L, "abc", 42L, "{}", "{}", "prov", new byte[] {1, 2, 3}));
  }

  @Test
  void aCandidateMovesThroughStagingToProductionAndEveryStepIsRecorded() {
    long id = candidate(1);
    registry.moveTo(id, Stage.STAGING, null, "criteria met");
    ModelVersion prod = registry.promoteToProduction(id, "sponsor", "approved");
    assertThat(prod.stage()).isEqualTo(Stage.PRODUCTION);
    assertThat(prod.version()).isEqualTo(1);
    assertThat(prod.approvedBy()).isEqualTo("sponsor");
    List<Map<String, Object>> transitions = registry.transitions(id);
    assertThat(transitions).extracting(t -> t.get("TO_STAGE")).containsExactly("CANDIDATE", "STAGING", "PRODUCTION");
    assertThat(transitions.get(2).get("ACTOR")).isEqualTo("sponsor");
  }

  @Test
  void exactlyOneProductionVersionPerProject() {
    long first = candidate(1);
    registry.promoteToProduction(first, "sponsor", "v1");
    long second = candidate(2);
    ModelVersion v2 = registry.promoteToProduction(second, "sponsor", "v2");
    assertThat(v2.version()).isEqualTo(2);
    assertThat(registry.get(first).stage()).isEqualTo(Stage.ARCHIVED);
    assertThat(registry.list("p")).filteredOn(m -> m.stage() == Stage.PRODUCTION).hasSize(1);
  }

  @Test
  void rollbackRestoresThePreviousVersionAndArchivesTheCurrentOne() {
    long first = candidate(1);
    registry.promoteToProduction(first, "sponsor", "v1");
    long second = candidate(2);
    registry.promoteToProduction(second, "sponsor", "v2");
    ModelVersion restored = registry.rollback("p", "engineer", "drift on age");
    assertThat(restored.id()).isEqualTo(first);
    assertThat(registry.production("p")).get().extracting(ModelVersion::id).isEqualTo(first);
    assertThat(registry.get(second).stage()).isEqualTo(Stage.ARCHIVED);
    assertThat(registry.transitions(first)).last().satisfies(t -> assertThat(t.get("REASON").toString())
        .contains("drift on age"));
  }

  @Test
  void thereIsNothingToRollBackToAtFirst() {
    registry.promoteToProduction(candidate(1), "sponsor", "v1");
    assertThat(registry.rollbackTarget("p")).isEmpty();
    assertThatThrownBy(() -> registry.rollback("p", "engineer", "x")).hasMessageContaining("no earlier production");
  }

  @Test
  void productionCannotBeMovedAside() {
    long id = candidate(1);
    registry.promoteToProduction(id, "sponsor", "v1");
    assertThatThrownBy(() -> registry.moveTo(id, Stage.ARCHIVED, "x", "y")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> registry.moveTo(id, Stage.PRODUCTION, "x", "y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
