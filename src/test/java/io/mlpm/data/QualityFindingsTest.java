package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.data.profile.ColumnType;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.LeakageSuspect;
import io.mlpm.data.profile.TargetProfile;
import io.mlpm.ml.TaskType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sentences a data steward reads name the column, the figure and the threshold. */
class QualityFindingsTest {

  private static ColumnProfile column(String name, ColumnType type, long missing, long outliers) {
    return new ColumnProfile(name, type, 200 - missing, missing, missing / 200.0, 50, true, 0.0, 1.0, 0.5, 0.1,
        Map.of(), List.of(), List.of(), outliers, outliers / 200.0);
  }

  private static DatasetProfile profile() {
    return new DatasetProfile(200, 4, 30, 0.15,
        List.of(column("age", ColumnType.INTEGER, 84, 0), column("income", ColumnType.NUMERIC, 4, 40),
            column("id", ColumnType.ID_LIKE, 0, 0), column("churned", ColumnType.CATEGORICAL, 2, 0)),
        new TargetProfile("churned", true, Map.of("no", 190L, "yes", 8L), 8 / 198.0, 2),
        List.of(), List.of("id"), List.of(new LeakageSuspect("income", 0.995, "accuracy")));
  }

  private static Finding find(List<Finding> findings, String check, String column) {
    return findings.stream().filter(f -> f.check().equals(check) && java.util.Objects.equals(f.column(), column))
        .findFirst().orElseThrow(() -> new AssertionError("no " + check + " finding for " + column + ": " + findings));
  }

  @Test
  void policyInputsSummariseTheProfile() {
    Map<String, Object> in = QualityFindings.policyInputs(profile(), TaskType.CLASSIFICATION);
    assertThat(in).containsEntry("rows", 200L).containsEntry("worstMissingRatio", 0.42)
        .containsEntry("duplicateRatio", 0.15).containsEntry("targetClasses", 2).containsEntry("leakageSuspects", 1)
        .containsEntry("idLikeColumns", 1).containsEntry("worstOutlierRatio", 0.2).containsEntry("targetMissing", 2L)
        .containsEntry("targetPresent", true).containsEntry("targetNumeric", false);
  }

  @Test
  void eachHitBecomesASentenceWithFigureAndThreshold() {
    List<Finding> findings = QualityFindings.describe(List.of(
        new PolicyHit("missing_values", Severity.FAIL, 0.2),
        new PolicyHit("duplicate_rows", Severity.FAIL, 0.1),
        new PolicyHit("class_balance", Severity.WARN, 0.05),
        new PolicyHit("leakage", Severity.FAIL, 0.98),
        new PolicyHit("id_like_columns", Severity.WARN, null),
        new PolicyHit("outliers", Severity.WARN, 0.05),
        new PolicyHit("target_missing", Severity.WARN, null)), profile(), "churned");
    assertThat(find(findings, "missing_values", "age").message())
        .isEqualTo("Column 'age' is 42.0% empty (84 of 200 rows), above the allowed 20.0%.");
    assertThat(findings).noneMatch(f -> f.check().equals("missing_values") && "income".equals(f.column()));
    assertThat(find(findings, "duplicate_rows", null).message()).contains("30 rows (15.0%)").contains("10.0%");
    assertThat(find(findings, "class_balance", "churned").message()).contains("'yes'").contains("8 rows")
        .contains("5.0%");
    assertThat(find(findings, "leakage", "income").message()).contains("'income'").contains("0.995");
    assertThat(find(findings, "id_like_columns", "id").message()).contains("identifier");
    assertThat(find(findings, "outliers", "income").message()).contains("40 values (20.0%)");
    assertThat(find(findings, "target_missing", "churned").message()).contains("2 rows have no value");
    assertThat(findings.get(0).severity()).isEqualTo(Severity.FAIL);
    Finding summary = findings.get(findings.size() - 1);
    assertThat(summary.check()).isEqualTo("summary");
    assertThat(summary.severity()).isEqualTo(Severity.FAIL);
  }

  @Test
  void warningsForMissingValuesListEveryColumnWithGaps() {
    List<Finding> findings = QualityFindings.describe(List.of(new PolicyHit("missing_values", Severity.WARN, 0.5)),
        profile(), "churned");
    assertThat(find(findings, "missing_values", "income").message()).contains("within the allowed 50.0%")
        .contains("imputed");
    assertThat(find(findings, "missing_values", "age").severity()).isEqualTo(Severity.WARN);
  }

  @Test
  void noHitsIsAPass() {
    List<Finding> findings = QualityFindings.describe(List.of(), profile(), "churned");
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.PASS);
      assertThat(f.message()).contains("200 rows and 4 columns profiled");
    });
  }

  @Test
  void aMissingTargetColumnNamesTheColumnsThatExist() {
    List<Finding> findings = QualityFindings.describe(List.of(new PolicyHit("target_column", Severity.FAIL, null)),
        profile(), "label");
    assertThat(find(findings, "target_column", "label").message()).contains("'label' is not in the dataset")
        .contains("'age', 'income'");
  }

  @Test
  void findingsThatMakeTheProjectImpossibleCannotBeWaived() {
    for (String check : List.of("target_column", "target_numeric", "target_classes")) {
      assertThat(QualityFindings.waivable(new Finding(check, "y", Severity.FAIL, "m", null, null))).as(check).isFalse();
    }
    assertThat(QualityFindings.waivable(new Finding("min_rows", null, Severity.FAIL, "m", 0.0, 100.0))).isFalse();
    // A small dataset, gaps, leakage or duplicates are judgement calls: a reason may waive them.
    assertThat(QualityFindings.waivable(new Finding("min_rows", null, Severity.FAIL, "m", 40.0, 100.0))).isTrue();
    for (String check : List.of("missing_values", "leakage", "duplicate_rows", "class_balance", "outliers")) {
      assertThat(QualityFindings.waivable(new Finding(check, "x", Severity.FAIL, "m", 0.5, 0.1))).as(check).isTrue();
    }
    // A warning never needs a waiver.
    assertThat(QualityFindings.waivable(new Finding("target_classes", "y", Severity.WARN, "m", null, null))).isTrue();
  }
}
