package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftBaselinesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static Dataset column(String name, List<String> cells) {
    List<String[]> rows = new ArrayList<>();
    for (String c : cells) {
      rows.add(new String[] {c, "t"});
    }
    return new Dataset(List.of(name, "target"), rows);
  }

  @Test
  void numericBinsAtTrainingDeciles() {
    List<String> cells = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      cells.add(String.valueOf(i));
    }
    FeatureBaseline f = DriftBaselines.fromTraining(column("x", cells), List.of("x")).features().get(0);

    assertThat(f.kind()).isEqualTo(FeatureBaseline.Kind.NUMERIC);
    // Nearest-rank deciles of 1..100: the 10th, 20th, ... 90th value.
    assertThat(f.edges()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
    // < 10: 1..9 (9 rows); [10, 20) ... [80, 90): 10 rows each; >= 90: 90..100 (11 rows); missing: 0.
    assertThat(f.expected()).containsExactly(0.09, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.11, 0.0);
    assertThat(f.bucketLabels()).startsWith("< 10", "[10, 20)").endsWith(">= 90", "(missing)");
    // Served values outside the training range go to the outer buckets.
    assertThat(f.bucketOf(NODES.numberNode(-1000))).isZero();
    assertThat(f.bucketOf(NODES.numberNode(1e9))).isEqualTo(9);
    assertThat(f.bucketOf(NODES.numberNode(10))).isEqualTo(1);
    assertThat(f.bucketOf(NODES.numberNode(9.99))).isZero();
    assertThat(f.bucketOf(NODES.textNode("55"))).isEqualTo(5);
    assertThat(f.bucketOf(null)).isEqualTo(10);
    assertThat(f.bucketOf(NODES.nullNode())).isEqualTo(10);
    assertThat(f.bucketOf(NODES.textNode("n/a"))).as("not a number counts as missing").isEqualTo(10);
  }

  @Test
  void equalDecilesAreDeduplicatedAndMissingHasItsBucket() {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      cells.add("0");
    }
    for (int i = 0; i < 30; i++) {
      cells.add("1");
    }
    for (int i = 0; i < 15; i++) {
      cells.add("2");
    }
    for (int i = 0; i < 5; i++) {
      cells.add(null);
    }
    FeatureBaseline f = DriftBaselines.fromTraining(column("n", cells), List.of("n")).features().get(0);

    // 95 numbers: ranks 1-50 are 0, 51-80 are 1, 81-95 are 2. Decile ranks ceil(9.5 k):
    // 10, 19, 29, 38, 48 -> 0; 57, 67, 76 -> 1; 86 -> 2.
    assertThat(f.edges()).containsExactly(0.0, 1.0, 2.0);
    // < 0: none; [0, 1): 50 of 100 rows; [1, 2): 30; >= 2: 15; missing: 5.
    assertThat(f.expected()).containsExactly(0.0, 0.5, 0.3, 0.15, 0.05);
  }

  @Test
  void categoricalKeepsTopTwentyThenOtherAndMissing() {
    List<String> cells = new ArrayList<>();
    // c00 appears 30 times, c01 29 times, ... c24 6 times: 450 rows; plus 50 missing = 500 rows.
    for (int i = 0; i < 25; i++) {
      for (int k = 0; k < 30 - i; k++) {
        cells.add(String.format("c%02d", i));
      }
    }
    for (int i = 0; i < 50; i++) {
      cells.add(i % 2 == 0 ? null : "  ");
    }
    FeatureBaseline f = DriftBaselines.fromTraining(column("c", cells), List.of("c")).features().get(0);

    assertThat(f.kind()).isEqualTo(FeatureBaseline.Kind.CATEGORICAL);
    assertThat(f.categories()).hasSize(20).startsWith("c00", "c01").endsWith("c19");
    assertThat(f.expected()).hasSize(22);
    assertThat(f.expected().get(0)).isCloseTo(30 / 500.0, within(1e-12));
    // (other) = c20..c24 = 10 + 9 + 8 + 7 + 6 = 40 rows.
    assertThat(f.expected().get(20)).isCloseTo(40 / 500.0, within(1e-12));
    assertThat(f.expected().get(21)).isCloseTo(50 / 500.0, within(1e-12));
    assertThat(f.expected().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-12));
    assertThat(f.bucketLabels().subList(20, 22)).containsExactly("(other)", "(missing)");
    assertThat(f.bucketOf(NODES.textNode("c03"))).isEqualTo(3);
    assertThat(f.bucketOf(NODES.textNode("never seen"))).isEqualTo(20);
    assertThat(f.bucketOf(NODES.textNode(" "))).isEqualTo(21);
  }

  @Test
  void numberedCategoriesMatchServedNumbers() {
    Dataset train = column("grade", List.of("1", "2", "x", "2"));
    FeatureBaseline f = DriftBaselines.fromTraining(train, List.of("grade")).features().get(0);

    assertThat(f.kind()).as("a non-number makes the column categorical").isEqualTo(FeatureBaseline.Kind.CATEGORICAL);
    assertThat(f.categories()).containsExactly("2", "1", "x");
    assertThat(f.bucketOf(NODES.numberNode(2))).isZero();
    assertThat(f.bucketOf(NODES.numberNode(1.0))).isEqualTo(1);
  }

  @Test
  void baselineRoundTripsAsJson() {
    Dataset train = new Dataset(List.of("a", "b"), List.of(new String[] {"1.5", "x"}, new String[] {"2.5", "y"},
        new String[] {null, "x"}));
    DriftBaseline baseline = DriftBaselines.fromTraining(train, List.of("b", "a"));

    assertThat(baseline.trainingRows()).isEqualTo(3);
    assertThat(baseline.features()).extracting(FeatureBaseline::name).containsExactly("b", "a");
    assertThat(DriftBaseline.fromJson(baseline.toJson())).isEqualTo(baseline);
  }

  @Test
  void badInputIsNamed() {
    Dataset train = column("x", List.of("1"));
    assertThatThrownBy(() -> DriftBaselines.fromTraining(train, List.of("y")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'y'");
    assertThatThrownBy(() -> DriftBaselines.fromTraining(new Dataset(List.of("x"), List.of()), List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
  }
}
