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

  /** Evaluated, criteria met, in STAGING: what a sponsor reviews. */
  private long staged(int iteration) {
    long id = candidate(iteration);
    registry.recordEvaluation(id, "{\"accuracy\":0.9}", "[]", true);
    registry.moveTo(id, Stage.STAGING, null, "criteria met");
    return id;
  }

  @Test
  void aCandidateMovesThroughStagingToProductionAndEveryStepIsRecorded() {
    long id = staged(1);
    ModelVersion prod = registry.promoteToProduction("p", id, "sponsor", "approved");
    assertThat(prod.stage()).isEqualTo(Stage.PRODUCTION);
    assertThat(prod.version()).isEqualTo(1);
    assertThat(prod.approvedBy()).isEqualTo("sponsor");
    List<Map<String, Object>> transitions = registry.transitions(id);
    assertThat(transitions).extracting(t -> t.get("TO_STAGE")).containsExactly("CANDIDATE", "STAGING", "PRODUCTION");
    assertThat(transitions.get(2).get("ACTOR")).isEqualTo("sponsor");
  }

  @Test
  void onlyAnEvaluatedStagedModelOfTheSameProjectIsPromoted() {
    long unevaluated = candidate(1);
    assertThatThrownBy(() -> registry.promoteToProduction("p", unevaluated, "sponsor", "x"))
        .hasMessageContaining("stage CANDIDATE");
    long staged = staged(2);
    assertThatThrownBy(() -> registry.promoteToProduction("other", staged, "sponsor", "x"))
        .hasMessageContaining("belongs to project 'p', not 'other'");
    long missed = candidate(3);
    registry.recordEvaluation(missed, "{\"accuracy\":0.1}", "[]", false);
    registry.moveTo(missed, Stage.STAGING, null, "forced");
    assertThatThrownBy(() -> registry.promoteToProduction("p", missed, "sponsor", "x"))
        .hasMessageContaining("not met its criteria");
    assertThat(registry.production("p")).isEmpty();
  }

  @Test
  void exactlyOneProductionVersionPerProject() {
    long first = staged(1);
    registry.promoteToProduction("p", first, "sponsor", "v1");
    long second = staged(2);
    ModelVersion v2 = registry.promoteToProduction("p", second, "sponsor", "v2");
    assertThat(v2.version()).isEqualTo(2);
    assertThat(registry.get(first).stage()).isEqualTo(Stage.ARCHIVED);
    assertThat(registry.list("p")).filteredOn(m -> m.stage() == Stage.PRODUCTION).hasSize(1);
  }

  @Test
  void rollbackRestoresThePreviousVersionAndArchivesTheCurrentOne() {
    long first = staged(1);
    registry.promoteToProduction("p", first, "sponsor", "v1");
    long second = staged(2);
    registry.promoteToProduction("p", second, "sponsor", "v2");
    ModelVersion restored = registry.rollback("p", "engineer", "drift on age");
    assertThat(restored.id()).isEqualTo(first);
    assertThat(registry.production("p")).get().extracting(ModelVersion::id).isEqualTo(first);
    assertThat(registry.get(second).stage()).isEqualTo(Stage.ARCHIVED);
    assertThat(registry.transitions(first)).last().satisfies(t -> assertThat(t.get("REASON").toString())
        .contains("drift on age"));
  }

  @Test
  void aSecondRollbackGoesFurtherBackAndNeverRestoresTheModelTakenOut() {
    long first = staged(1);
    registry.promoteToProduction("p", first, "sponsor", "v1");
    long second = staged(2);
    registry.promoteToProduction("p", second, "sponsor", "v2");
    long third = staged(3);
    registry.promoteToProduction("p", third, "sponsor", "v3");

    assertThat(registry.rollback("p", "engineer", "drift").id()).isEqualTo(second);
    assertThat(registry.rollbackTarget("p")).get().extracting(ModelVersion::id).isEqualTo(first);
    assertThat(registry.rollback("p", "engineer", "still drifting").id()).isEqualTo(first);
    assertThat(registry.rollbackTarget("p")).isEmpty();
    assertThatThrownBy(() -> registry.rollback("p", "engineer", "x")).hasMessageContaining("no earlier production");
    assertThat(registry.production("p")).get().extracting(ModelVersion::id).isEqualTo(first);
  }

  @Test
  void thereIsNothingToRollBackToAtFirst() {
    registry.promoteToProduction("p", staged(1), "sponsor", "v1");
    assertThat(registry.rollbackTarget("p")).isEmpty();
    assertThatThrownBy(() -> registry.rollback("p", "engineer", "x")).hasMessageContaining("no earlier production");
  }

  @Test
  void productionCannotBeMovedAside() {
    long id = staged(1);
    registry.promoteToProduction("p", id, "sponsor", "v1");
    assertThatThrownBy(() -> registry.moveTo(id, Stage.ARCHIVED, "x", "y")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> registry.moveTo(id, Stage.PRODUCTION, "x", "y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
