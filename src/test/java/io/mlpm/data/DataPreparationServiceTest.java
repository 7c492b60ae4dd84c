package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.ml.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Dataset versions, and files that vanish or change under a running project (real schema on H2). */
class DataPreparationServiceTest {

  @TempDir
  Path root;

  private DataPreparationService data;
  private JdbcTemplate jdbc;

  @BeforeEach
  void schema() {
    jdbc = TestDatabase.migrated();
    data = new DataPreparationService(jdbc, new MlpmProperties(new MlpmProperties.Datasets(root, 0), null, null, null,
        null));
  }

  private static String rows(int n, String extra) {
    StringBuilder s = new StringBuilder("x,label\n");
    for (int i = 0; i < n; i++) {
      s.append(i).append(',').append(i % 2 == 0 ? "a" : "b").append('\n');
    }
    return s + extra;
  }

  @Test
  void theSameContentIsTheSameVersionAndChangedContentANewOne() throws Exception {
    Files.writeString(root.resolve("one.csv"), rows(40, ""));
    Files.writeString(root.resolve("copy.csv"), rows(40, ""));
    long first = data.ingest("p", "one.csv").datasetVersionId();
    assertThat(data.ingest("q", "copy.csv").datasetVersionId()).isEqualTo(first);
    Files.writeString(root.resolve("one.csv"), rows(41, ""));
    DataCheckOutcome changed = data.ingest("p", "one.csv");
    assertThat(changed.datasetVersionId()).isNotEqualTo(first);
    assertThat(changed.summary()).contains("41 rows").contains("2 columns");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mlpm_dataset_version", Integer.class)).isEqualTo(2);
  }

  @Test
  void aFileWiderThanTheColumnLimitIsAFindingForTheStewardNotAProfile() throws Exception {
    // 2 MB of header and one row: 16,000 columns, the file that once ran the profile out of memory.
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    for (int i = 0; i < 16_000; i++) {
      header.append(i == 0 ? "" : ",").append("feature_with_a_long_name_").append(i);
      row.append(i == 0 ? "" : ",").append(i % 7);
    }
    Files.writeString(root.resolve("wide.csv"), header + "\n" + row + "\n");
    DataCheckOutcome outcome = data.ingest("p", "wide.csv");
    assertThat(outcome.verdict()).isEqualTo(Severity.FAIL);
    assertThat(outcome.datasetVersionId()).isNull();
    assertThat(outcome.findings()).singleElement().satisfies(f -> assertThat(f.message())
        .contains("'wide.csv'", "16,000 columns", "2,000", "mlpm.datasets.max-columns"));
    assertThat(jdbc.queryForObject("SELECT verdict FROM mlpm_data_check WHERE project_key = 'p'", String.class))
        .isEqualTo("FAIL");
  }

  @Test
  void aMissingFileIsAFindingForTheSteward() {
    DataCheckOutcome outcome = data.ingest("p", "gone.csv");
    assertThat(outcome.verdict()).isEqualTo(Severity.FAIL);
    assertThat(outcome.datasetVersionId()).isNull();
    assertThat(outcome.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("gone.csv"));
  }

  @Test
  void aFileChangedOrDeletedAfterIngestIsNotProfiledOrPrepared() throws Exception {
    Path file = root.resolve("data.csv");
    Files.writeString(file, rows(40, ""));
    long version = data.ingest("p", "data.csv").datasetVersionId();
    Files.writeString(file, rows(40, "99,a\n"));
    DataPreparationService.Profiled changed = data.profile("p", "data.csv", version, "label",
        TaskType.CLASSIFICATION);
    assertThat(changed.profile()).isNull();
    assertThat(changed.problem()).contains("changed after it was ingested");
    Files.delete(file);
    assertThat(data.profile("p", "data.csv", version, "label", TaskType.CLASSIFICATION).problem())
        .contains("can no longer be read");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> data.prepare("p", "data.csv", version,
        new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 1, 0.2, 0.2)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void everyPassOverTheFileRefusesBytesThatAreNotTheRecordedVersionEvenOfTheSameSizeAndTime() throws Exception {
    Path file = root.resolve("data.csv");
    Files.writeString(file, rows(40, ""));
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    long version = data.ingest("p", "data.csv").datasetVersionId();
    PreparationPlan plan = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 1, 0.2, 0.2);
    RecordedSplit split = data.prepare("p", "data.csv", version, plan);
    assertThat(data.loadSplit(split.splitId()).data().test().size()).isEqualTo((int) split.counts().test());
    // One label swapped: same size, same modification time, other bytes.
    Files.writeString(file, rows(40, "").replace("\n3,b\n", "\n3,a\n"));
    Files.setLastModifiedTime(file, time);
    assertThat(Files.size(file)).isEqualTo(rows(40, "").length());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> data.prepare("p", "data.csv", version, plan))
        .isInstanceOf(DatasetChangedException.class).hasMessageContaining("'data.csv'")
        .hasMessageContaining(split.datasetSha256());
    // The rebuild of the recorded split reads the file again (a fresh service: no cached split).
    DataPreparationService otherNode = new DataPreparationService(jdbc, new MlpmProperties(
        new MlpmProperties.Datasets(root, 0), null, null, null, null));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> otherNode.loadSplit(split.splitId(),
        java.util.EnumSet.of(Part.TEST))).isInstanceOf(DatasetChangedException.class);
  }

  @Test
  void theIngestReadsTheFileOnceAndTheQualityCheckUsesItsProfile() throws Exception {
    Path file = root.resolve("once.csv");
    Files.writeString(file, rows(40, ""));
    DataCheckOutcome ingested = data.ingest("p", "once.csv", null, "label", TaskType.CLASSIFICATION);
    assertThat(ingested.sha256()).isEqualTo(DataPreparationService.sha256(file));
    assertThat(ingested.summary()).contains("40 rows", "2 columns", ingested.sha256());
    // The file is not read again for the profile: it is the ingest's, even with the file gone.
    Files.delete(file);
    DataPreparationService.Profiled profiled = data.profile("p", "once.csv", ingested.datasetVersionId(), "label",
        TaskType.CLASSIFICATION);
    assertThat(profiled.problem()).isNull();
    assertThat(profiled.profile().rows()).isEqualTo(40);
    assertThat(profiled.profile().target().classCounts()).containsEntry("a", 20L);
    // Another target needs its own pass, which finds the file gone.
    assertThat(data.profile("p", "once.csv", ingested.datasetVersionId(), "x", TaskType.REGRESSION).problem())
        .contains("can no longer be read");
  }

  @Test
  void aPartLargerThanAStepMayHoldIsRebuiltAsTheSameSeededSampleOnEveryNode() throws Exception {
    StringBuilder csv = new StringBuilder("x,label\n");
    for (int i = 0; i < 5000; i++) {
      csv.append(i).append(i % 5 == 0 ? ",rare\n" : ",common\n");
    }
    Files.writeString(root.resolve("big.csv"), csv);
    MlpmProperties small = new MlpmProperties(new MlpmProperties.Datasets(root, 0, 0, 400, 100, 0), null, null, null,
        null);
    DataPreparationService node = new DataPreparationService(jdbc, small);
    long version = node.ingest("p", "big.csv").datasetVersionId();
    RecordedSplit split = node.prepare("p", "big.csv", version, new PreparationPlan("label",
        TaskType.CLASSIFICATION, List.of(), 3, 0.2, 0.2));
    PreparedSplit held = node.loadSplit(split.splitId(), java.util.EnumSet.of(Part.TRAIN, Part.VALIDATION));
    // At most 400 of 3,200 training rows and 100 of 800 validation rows (aimed at 320 and 60, four
    // standard deviations below); the test rows were not asked for.
    assertThat(held.data().train().size()).isBetween(260, 400);
    assertThat(held.data().validation().size()).isBetween(35, 100);
    assertThat(held.data().test().size()).isZero();
    assertThat(held.rowsOf(Part.TRAIN)).isEqualTo(split.counts().train());
    assertThat(held.held(Part.TRAIN)).isEqualTo(String.format(java.util.Locale.ROOT,
        "%,d of %,d training rows (a seeded sample)", held.data().train().size(), split.counts().train()));
    // Every class at the same rate: the rare class keeps its fifth within a few points.
    long rare = held.data().train().rows().stream().filter(r -> r[1].equals("rare")).count();
    assertThat((double) rare / held.data().train().size()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.06));
    // The drift baseline's training rows come from the training step's rebuild, without a pass.
    PreparedSplit baseline = node.loadSplit(split.splitId(), java.util.EnumSet.of(Part.TRAIN));
    assertThat(baseline.data().train().rows()).isSameAs(held.data().train().rows());
    assertThat(baseline.data().validation().size()).isZero();
    PreparedSplit otherNode = new DataPreparationService(jdbc, small).loadSplit(split.splitId(),
        java.util.EnumSet.of(Part.TRAIN));
    assertThat(otherNode.data().train().rows()).usingRecursiveComparison().isEqualTo(held.data().train().rows());
    // Within the bound the whole part is held.
    assertThat(node.loadSplit(split.splitId(), java.util.EnumSet.of(Part.TEST)).held(Part.TEST))
        .isEqualTo("all 1,000 test rows");
  }

  @Test
  void aSplitRecordedBeforeSplitsStreamedIsRebuiltAsItWasMade() throws Exception {
    Files.writeString(root.resolve("old.csv"), rows(60, ""));
    long version = data.ingest("p", "old.csv").datasetVersionId();
    PreparationPlan plan = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 5, 0.2, 0.2);
    PreparedData before = new DatasetPreparation().prepare(new CsvDatasetReader().read(root.resolve("old.csv"))
        .dataset(), plan);
    jdbc.update("INSERT INTO mlpm_data_split (project_key, dataset_version_id, dataset_uri, seed, test_ratio,"
        + " train_rows, test_rows, dropped_rows, created_at, plan_json, validation_rows, duplicates_removed)"
        + " VALUES ('p', ?, 'old.csv', 5, 0.2, ?, ?, 0, CURRENT_TIMESTAMP, ?, ?, 0)", version, before.train().size(),
        before.test().size(), DataPreparationService.json(plan), before.validation().size());
    long id = jdbc.queryForObject("SELECT MAX(id) FROM mlpm_data_split", Long.class);
    PreparedData rebuilt = data.loadSplit(id).data();
    assertThat(rebuilt.test().rows()).usingRecursiveComparison().isEqualTo(before.test().rows());
    assertThat(rebuilt.train().rows()).usingRecursiveComparison().isEqualTo(before.train().rows());
  }

  @Test
  void theProfileRecordsColumnTypesOnTheVersion() throws Exception {
    Files.writeString(root.resolve("typed.csv"), rows(40, ""));
    long version = data.ingest("p", "typed.csv").datasetVersionId();
    assertThat(data.profile("p", "typed.csv", version, "label", TaskType.CLASSIFICATION).profile()).isNotNull();
    assertThat(jdbc.queryForObject("SELECT columns_json FROM mlpm_dataset_version WHERE id = ?", String.class,
        version)).contains("\"label\":\"categorical\"");
  }
}
