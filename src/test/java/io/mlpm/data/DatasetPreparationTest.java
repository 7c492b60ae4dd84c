package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetPreparationTest {

  private final DatasetPreparation preparation = new DatasetPreparation();

  /** 200 rows, id 0..199, two classes 3:1, a constant column, two exact duplicates, one row without target. */
  private static Dataset data() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(new String[] {String.valueOf(i), String.valueOf(i % 7), "same", i % 4 == 0 ? "b" : "a"});
    }
    rows.add(new String[] {"5", "5", "same", "a"});
    rows.add(new String[] {"6", "6", "same", "a"});
    rows.add(new String[] {"300", "1", "same", null});
    return new Dataset(List.of("id", "x", "constant", "label"), rows);
  }

  private static PreparationPlan plan(long seed) {
    return new PreparationPlan("label", TaskType.CLASSIFICATION, List.of("id", "constant"), seed,
        PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO);
  }

  @Test
  void removesDuplicatesAndExcludedColumnsAndDropsRowsWithoutTarget() {
    PreparedData p = preparation.prepare(data(), plan(42));
    assertThat(p.train().columns()).containsExactly("x", "label");
    // With id and constant left out, rows repeat every 7*4 combinations: only x and label remain.
    assertThat(p.duplicatesRemoved()).isGreaterThan(2);
    assertThat(p.droppedMissingTarget()).isEqualTo(1);
    int total = p.train().size() + p.validation().size() + p.test().size();
    assertThat(total).isEqualTo(203 - p.duplicatesRemoved() - 1);
  }

  @Test
  void keepsDuplicatesThatDifferInAKeptColumn() {
    PreparationPlan keepAll = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 1, 0.2, 0.2);
    PreparedData p = preparation.prepare(data(), keepAll);
    assertThat(p.duplicatesRemoved()).isEqualTo(2);
    assertThat(p.train().size() + p.validation().size() + p.test().size()).isEqualTo(200);
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    PreparationPlan keepAll = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 7, 0.2, 0.2);
    PreparedData a = preparation.prepare(data(), keepAll);
    PreparedData b = preparation.prepare(data(), keepAll);
    assertThat(rows(a.test())).isEqualTo(rows(b.test()));
    assertThat(rows(a.validation())).isEqualTo(rows(b.validation()));
    PreparedData c = preparation.prepare(data(),
        new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 8, 0.2, 0.2));
    assertThat(rows(c.test())).isNotEqualTo(rows(a.test()));
  }

  @Test
  void splitsAreStratifiedAndDisjoint() {
    PreparationPlan keepAll = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of(), 3, 0.2, 0.2);
    PreparedData p = preparation.prepare(data(), keepAll);
    assertThat(share(p.test(), "b")).isBetween(0.2, 0.3);
    assertThat(share(p.validation(), "b")).isBetween(0.2, 0.3);
    List<String> all = new ArrayList<>(rows(p.train()));
    all.addAll(rows(p.validation()));
    all.addAll(rows(p.test()));
    assertThat(all).doesNotHaveDuplicates();
  }

  @Test
  void theTargetCannotBeExcluded() {
    assertThatThrownBy(() -> preparation.prepare(data(),
        new PreparationPlan("label", TaskType.CLASSIFICATION, List.of("label"), 1, 0.2, 0.2)))
        .hasMessageContaining("'label'");
  }

  private static List<String> rows(Dataset d) {
    return d.rows().stream().map(Arrays::toString).toList();
  }

  private static double share(Dataset d, String label) {
    int t = d.columnIndex("label");
    return d.rows().stream().filter(r -> label.equals(r[t])).count() / (double) d.size();
  }
}
