package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.ml.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data steps as the process calls them, without the engine: the charter's terms come by project key. */
class DataChecksTest {

  @TempDir
  Path root;

  private final Map<String, DataTerms> charters = new HashMap<>();
  private DataChecks checks;
  private DataPreparationService data;

  @BeforeEach
  void setUp() throws Exception {
    data = new DataPreparationService(TestDatabase.migrated(),
        new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null, null));
    checks = new DataChecks(data, charters::get);
    StringBuilder csv = new StringBuilder("id;x;noise;label\n");
    for (int i = 0; i < 200; i++) {
      csv.append(i).append(';').append(i % 17).append(';').append((i * 7919) % 13).append(';')
          .append(i % 3 == 0 ? "a" : "b").append('\n');
    }
    Files.writeString(root.resolve("semicolons.csv"), csv);
  }

  private void charter(String project, List<String> excluded, Map<String, Double> overrides) {
    charters.put(project, new DataTerms("label", TaskType.CLASSIFICATION, ';', 7L, excluded, overrides));
  }

  @Test
  void theIngestReadsTheFileWithTheCharterSeparatorAndTarget() {
    charter("p", List.of(), Map.of());
    DataChecks.Checked checked = checks.ingest("p", "semicolons.csv", "");
    assertThat(checked.lookedAtData()).isTrue();
    assertThat(checked.outcome().verdict()).isEqualTo(Severity.PASS);
    assertThat(checked.outcome().summary()).contains("200 rows", "4 columns");
    assertThat(checked.outcome().datasetVersionId()).isNotNull();
  }

  @Test
  void aFileChangedAfterApprovalIsNotReadAgainButShownToTheSteward() {
    charter("p", List.of(), Map.of());
    DataChecks.Checked checked = checks.ingest("p", "semicolons.csv", "its SHA-256 is no longer the approved one");
    assertThat(checked.lookedAtData()).isFalse();
    assertThat(checked.outcome().verdict()).isEqualTo(Severity.FAIL);
    assertThat(checked.outcome().findings()).anySatisfy(f -> assertThat(f.message()).contains("no longer the approved"));
  }

  @Test
  void theProfileIsJudgedWithTheCharterThresholdsAndWithoutTheStewardsExclusions() {
    charter("p", List.of(), Map.of("minRows", 500.0));
    long version = checks.ingest("p", "semicolons.csv", null).outcome().datasetVersionId();
    List<Map<String, Object>> asked = new ArrayList<>();
    DataChecks.Judged judged = checks.profile("p", "semicolons.csv", version, List.of("noise"), inputs -> {
      asked.add(inputs);
      return List.of(new PolicyHit("min_rows", Severity.FAIL, 500.0));
    });
    assertThat(asked).singleElement().satisfies(in -> {
      assertThat(in).containsEntry("minRows", 500.0).containsEntry("maxMissingRatio", null).containsEntry("rows", 200L);
    });
    assertThat(judged.check().lookedAtData()).isTrue();
    assertThat(judged.check().outcome().verdict()).isEqualTo(Severity.FAIL);
    assertThat(judged.columns()).containsExactly("id", "x", "noise", "label");
    assertThat(judged.proposedExclusions()).contains("id").doesNotContain("label", "noise");
  }

  @Test
  void aVanishedFileCannotBeProfiledAndSaysWhy() throws Exception {
    charter("p", List.of(), Map.of());
    long version = checks.ingest("p", "semicolons.csv", null).outcome().datasetVersionId();
    Files.delete(root.resolve("semicolons.csv"));
    // Another project on the same version has no profile kept from its own ingest: it must read the file.
    charter("q", List.of(), Map.of());
    DataChecks.Judged judged = checks.profile("q", "semicolons.csv", version, List.of(), inputs -> List.of());
    assertThat(judged.check().lookedAtData()).isFalse();
    assertThat(judged.columns()).isNull();
    assertThat(judged.check().outcome().verdict()).isEqualTo(Severity.FAIL);
  }

  @Test
  void thePreparationLeavesOutEveryExclusionButTheTargetAndUsesTheCharterSeed() {
    charter("p", List.of("x"), Map.of());
    long version = checks.ingest("p", "semicolons.csv", null).outcome().datasetVersionId();
    DataChecks.Prepared prepared = checks.prepare("p", "semicolons.csv", version, List.of("id", "label"),
        List.of("noise"));
    assertThat(prepared.failure()).isNull();
    assertThat(prepared.split().plan().excludedColumns()).containsExactlyInAnyOrder("id", "x", "noise");
    assertThat(prepared.split().seed()).isEqualTo(7L);
    assertThat(prepared.summary()).contains("(seed 7)", "left out of the features: id, x, noise");
    // Only the target is left: 200 rows are two distinct ones.
    SplitCounts counts = prepared.split().counts();
    assertThat(counts.train() + counts.validation() + counts.test()).isEqualTo(2);
    assertThat(counts.duplicatesRemoved()).isEqualTo(198);
  }

  @Test
  void aFileChangedBeforeThePreparationIsAFindingNotAnError() throws Exception {
    charter("p", List.of(), Map.of());
    long version = checks.ingest("p", "semicolons.csv", null).outcome().datasetVersionId();
    Files.writeString(root.resolve("semicolons.csv"), "id;x;noise;label\n1;2;3;a\n");
    DataChecks.Prepared prepared = checks.prepare("p", "semicolons.csv", version, List.of(), List.of());
    assertThat(prepared.split()).isNull();
    assertThat(prepared.failure().verdict()).isEqualTo(Severity.FAIL);
    assertThat(prepared.failure().summary()).contains("'semicolons.csv' could not be prepared");
  }

  @Test
  void columnListsComeAsTextOrJson() {
    assertThat(DataChecks.columnList(" a, b ,,c")).containsExactly("a", "b", "c");
    assertThat(DataChecks.columnList("[\"a\",\"b\"]")).containsExactly("a", "b");
    assertThat(DataChecks.columnList(null)).isEmpty();
  }

  @Test
  void repeatedRowsAreKeptWhenTheStewardWaivedTheirFindingAndRemovedOtherwise() throws Exception {
    // A survey's answers: 300 rows of only 12 distinct ones, the classes 2:1.
    StringBuilder csv = new StringBuilder("age;answer;label\n");
    for (int i = 0; i < 300; i++) {
      csv.append(20 + i % 4).append(';').append(i % 3 == 0 ? "yes" : "no").append(';')
          .append(i % 3 == 0 ? "a" : "b").append('\n');
    }
    Files.writeString(root.resolve("survey.csv"), csv);
    charter("p", List.of(), Map.of());
    long version = checks.ingest("p", "survey.csv", null).outcome().datasetVersionId();
    DataChecks.Judged judged = checks.profile("p", "survey.csv", version, List.of(),
        inputs -> List.of(new PolicyHit("duplicate_rows", Severity.FAIL, 0.05)));
    assertThat(judged.check().outcome().findings()).anySatisfy(f -> assertThat(f.message())
        .contains("repeat an earlier row", "waived, they are kept as real observations"));

    DataChecks.Prepared kept = checks.prepare("p", "survey.csv", version, List.of(), List.of(), true);
    SplitCounts counts = kept.split().counts();
    assertThat(counts.train() + counts.validation() + counts.test()).isEqualTo(300);
    assertThat(counts.duplicatesRemoved()).isZero();
    assertThat(kept.split().cuts().keptDuplicates()).isTrue();
    assertThat(kept.summary()).contains("repeated rows kept, as the waiver of the duplicate rows finding accepted"
        + " them");
    // Identical rows share their part, and a rebuild from the recorded cuts hands out the same rows.
    PreparedSplit rebuilt = data.loadSplit(kept.split().splitId());
    assertThat(rebuilt.data().train().size() + rebuilt.data().validation().size() + rebuilt.data().test().size())
        .isEqualTo(300);
    Map<String, java.util.Set<String>> partsOfRow = new HashMap<>();
    for (var part : List.of(rebuilt.data().train(), rebuilt.data().validation(), rebuilt.data().test())) {
      for (String[] row : part.rows()) {
        partsOfRow.computeIfAbsent(String.join(";", row), r -> new java.util.HashSet<>())
            .add(String.valueOf(System.identityHashCode(part)));
      }
    }
    assertThat(partsOfRow).hasSize(8).allSatisfy((row, parts) -> assertThat(parts).hasSize(1));

    // Without a waiver (the finding a warning, or another check waived), they are removed.
    DataChecks.Prepared removed = checks.prepare("p", "survey.csv", version, List.of(), List.of(), false);
    assertThat(removed.split().counts().duplicatesRemoved()).isEqualTo(292);
    assertThat(removed.summary()).contains("292 duplicate rows removed");
    checks.profile("p", "survey.csv", version, List.of(), inputs -> List.of(new PolicyHit("min_rows", Severity.FAIL,
        500.0)));
    assertThat(checks.prepare("p", "survey.csv", version, List.of(), List.of(), true).split().counts()
        .duplicatesRemoved()).as("a waiver of another finding").isEqualTo(292);
  }
}
