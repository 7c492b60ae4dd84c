package io.mlpm.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.TestDatabase;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.NewModelVersion;
import io.mlpm.registry.Stage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What may be promoted, decided on the sign-off records alone. */
class ApprovedPromotionTest {

  private final org.springframework.jdbc.core.JdbcTemplate jdbc = TestDatabase.migrated();
  private final SignOffRecords records = new SignOffRecords(jdbc);
  private final ModelRegistry registry = new ModelRegistry(jdbc);
  private final ApprovedPromotion promotion = new ApprovedPromotion(records, registry);
  private int tasks;

  private long staged(String project) {
    if (!new io.mlpm.project.ProjectRepository(jdbc).exists(project)) {
      jdbc.update("INSERT INTO mlpm_project (project_key, name, task_type, target_column, sponsor, phase, status,"
          + " charter_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", project, project, "classification",
          "y", "sam", "deployment-approval", "ACTIVE", "{}", java.sql.Timestamp.from(Instant.now()),
          java.sql.Timestamp.from(Instant.now()));
    }
    long id = registry.addCandidate(new NewModelVersion(project, 1, "logistic_regression", "classification", "y", 1L,
        "abc", 42L, "{}", "{}", "prov", new byte[] {1}));
    registry.recordEvaluation(id, "{\"accuracy\":0.9}", "[]", true);
    registry.moveTo(id, Stage.STAGING, null, "criteria met");
    return id;
  }

  private void signOff(String project, String taskKey, String user, String decision, Long model) {
    records.append(new SignOff(0, project, "t" + (++tasks), taskKey, user, List.of("sponsors"), decision, "ok",
        Instant.now(), "ml-project-lifecycle", 1, "", null, null, model, null));
  }

  @Test
  void theApprovedModelIsPromotedWithItsApprover() {
    long model = staged("p");
    signOff("p", "approveDeployment", "sam", SignOff.APPROVED, model);
    assertThat(promotion.promote("p", model, false).approvedBy()).isEqualTo("sam");
  }

  @Test
  void aModelJudgedByAnEarlierCharterVersionIsRefused() {
    long model = staged("p");
    signOff("p", "approveDeployment", "sam", SignOff.APPROVED, model);
    jdbc.update("UPDATE mlpm_project SET charter_version = 2 WHERE project_key = 'p'");
    assertThatThrownBy(() -> promotion.promote("p", model, false)).isInstanceOf(PromotionRefusedException.class)
        .hasMessageContaining("not judged by the charter version in force");
    assertThat(registry.get(model).stage()).isEqualTo(Stage.STAGING);
  }

  @Test
  void anotherModelThanTheApprovedOneIsRefused() {
    long approved = staged("p");
    long other = staged("p");
    signOff("p", "approveDeployment", "sam", SignOff.APPROVED, approved);
    assertThatThrownBy(() -> promotion.promote("p", other, false)).isInstanceOf(PromotionRefusedException.class);
    assertThat(registry.production("p")).isEmpty();
  }

  @Test
  void aRejectionOrAnApprovalInAnotherProjectPromotesNothing() {
    long model = staged("p");
    signOff("p", "approveDeployment", "sam", SignOff.REJECTED, model);
    signOff("q", "approveDeployment", "sam", SignOff.APPROVED, model);
    assertThatThrownBy(() -> promotion.promote("p", model, false)).isInstanceOf(PromotionRefusedException.class);
  }

  @Test
  void aRequiredCoSignMustComeFromAnotherPersonAfterTheApproval() {
    long model = staged("p");
    signOff("p", "approveDeploymentCompliance", "carla", SignOff.APPROVED, model);
    signOff("p", "approveDeployment", "sam", SignOff.APPROVED, model);
    assertThatThrownBy(() -> promotion.promote("p", model, true)).as("co-sign older than the approval")
        .hasMessageContaining("compliance co-sign");
    signOff("p", "approveDeploymentCompliance", "sam", SignOff.APPROVED, model);
    assertThatThrownBy(() -> promotion.promote("p", model, true)).as("the approver co-signing himself")
        .hasMessageContaining("another person than 'sam'");
    signOff("p", "approveDeploymentCompliance", "carla", SignOff.APPROVED, model);
    assertThat(promotion.promote("p", model, true).approvedBy()).isEqualTo("sam");
  }
}
