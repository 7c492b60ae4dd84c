package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.TaskType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetSplitterTest {

  final DatasetSplitter splitter = new DatasetSplitter();
  final Dataset iris =
      new CsvDatasetReader().read(Path.of("src/test/resources/datasets/iris.csv")).dataset();

  static Map<String, Long> classCounts(Dataset d) {
    int t = d.columnIndex("species");
    return d.rows().stream().collect(Collectors.groupingBy(r -> r[t], Collectors.counting()));
  }

  static List<List<String>> asLists(Dataset d) {
    return d.rows().stream().map(List::of).toList();
  }

  @Test
  void sameSeedSameSplit() {
    DataSplit a = splitter.split(iris, "species", TaskType.CLASSIFICATION, 0.2, 42);
    DataSplit b = splitter.split(iris, "species", TaskType.CLASSIFICATION, 0.2, 42);
    assertThat(asLists(a.test())).isEqualTo(asLists(b.test()));
    assertThat(asLists(a.train())).isEqualTo(asLists(b.train()));
    DataSplit c = splitter.split(iris, "species", TaskType.CLASSIFICATION, 0.2, 7);
    assertThat(asLists(c.test())).isNotEqualTo(asLists(a.test()));
    assertThat(a.seed()).isEqualTo(42);
    assertThat(a.testRatio()).isEqualTo(0.2);
  }

  @Test
  void stratifiedByClass() {
    DataSplit split = splitter.split(iris, "species", TaskType.CLASSIFICATION, 0.2, 42);
    assertThat(classCounts(split.test()))
        .containsExactlyInAnyOrderEntriesOf(Map.of("setosa", 10L, "versicolor", 10L,
            "virginica", 10L));
    assertThat(split.train().size()).isEqualTo(120);
    assertThat(split.train().columns()).isEqualTo(iris.columns());
  }

  @Test
  void smallClassStillReachesTestAndMissingTargetsAreDropped() {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(new String[] {String.valueOf(i), "common"});
    }
    rows.add(new String[] {"20", "rare"});
    rows.add(new String[] {"21", "rare"});
    rows.add(new String[] {"22", "single"});
    rows.add(new String[] {"23", null});
    Dataset d = new Dataset(List.of("x", "species"), rows);
    DataSplit split = splitter.split(d, "species", TaskType.CLASSIFICATION, 0.1, 1);
    assertThat(split.droppedMissingTarget()).isEqualTo(1);
    // rare: 2 rows * 0.1 rounds to 0, raised to 1; single: 1 row stays in train.
    assertThat(classCounts(split.test())).containsEntry("rare", 1L).containsEntry("common", 2L)
        .doesNotContainKey("single");
    assertThat(split.train().size() + split.test().size()).isEqualTo(23);
  }

  @Test
  void regressionSplitIsReproducible() {
    DataSplit a = splitter.split(iris, "petal_width", TaskType.REGRESSION, 0.25, 3);
    DataSplit b = splitter.split(iris, "petal_width", TaskType.REGRESSION, 0.25, 3);
    assertThat(a.test().size()).isEqualTo(38); // round(150 * 0.25)
    assertThat(asLists(a.test())).isEqualTo(asLists(b.test()));
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> splitter.split(iris, "species", TaskType.CLASSIFICATION, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> splitter.split(iris, "nope", TaskType.CLASSIFICATION, 0.2, 1))
        .hasMessageContaining("'nope'");
  }
}
