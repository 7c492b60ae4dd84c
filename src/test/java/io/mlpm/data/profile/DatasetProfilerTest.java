package io.mlpm.data.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DatasetFormatException;
import io.mlpm.data.profile.ColumnProfile.HistogramBin;
import io.mlpm.data.profile.ColumnProfile.ValueCount;
import io.mlpm.ml.TaskType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetProfilerTest {

  static final Path IRIS = Path.of("src/test/resources/datasets/iris.csv");

  @TempDir Path dir;
  final DatasetProfiler profiler = new DatasetProfiler();

  Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "d", ".csv");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** A file with a header and rows produced by the function (row index → line). */
  Path generate(String header, int rows, IntFunction<String> line) throws IOException {
    Path file = Files.createTempFile(dir, "g", ".csv");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(header);
      out.write('\n');
      for (int i = 0; i < rows; i++) {
        out.write(line.apply(i));
        out.write('\n');
      }
    }
    return file;
  }

  DatasetProfile profile(Path file) {
    return profiler.profile(file, null, null);
  }

  @Test
  void statisticsOnHandComputedData() throws IOException {
    // x: 2, 4, 4, 4, 5, 5, 7, 9 and one missing: mean 5, sample variance 32/7.
    DatasetProfile p = profile(write("x,c\n2,a\n4,b\n4,a\n4,a\n5,c\n,b\n5,a\n7,b\n9,a\n"));
    ColumnProfile x = p.column("x");
    assertThat(p.rows()).isEqualTo(9);
    assertThat(p.columnCount()).isEqualTo(2);
    assertThat(x.type()).isEqualTo(ColumnType.INTEGER);
    assertThat(x.count()).isEqualTo(9);
    assertThat(x.missing()).isEqualTo(1);
    assertThat(x.missingRatio()).isCloseTo(1 / 9.0, within(1e-12));
    assertThat(x.min()).isEqualTo(2.0);
    assertThat(x.max()).isEqualTo(9.0);
    assertThat(x.mean()).isCloseTo(5.0, within(1e-12));
    assertThat(x.stdDev()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-12));
    assertThat(x.distinct()).isEqualTo(5);
    assertThat(x.distinctExact()).isTrue();
    assertThat(x.quantiles()).containsOnlyKeys("p01", "p05", "p25", "p50", "p75", "p95", "p99");
    assertThat(x.quantiles().get("p01")).isEqualTo(2.0);
    assertThat(x.quantiles().get("p50")).isEqualTo(4.0);
    assertThat(x.quantiles().get("p99")).isEqualTo(9.0);
    assertThat(x.histogram()).hasSize(20);
    assertThat(x.histogram().stream().mapToLong(HistogramBin::count).sum()).isEqualTo(8);
    assertThat(x.histogram().get(0)).isEqualTo(new HistogramBin(2.0, 2.35, 1));
    assertThat(x.histogram().get(19).upper()).isEqualTo(9.0);
    assertThat(x.histogram().get(19).count()).isEqualTo(1);
    assertThat(x.topValues()).isEmpty();
    // p25 = 4, p75 = 5: 9 is beyond 5 + 3 * 1
    assertThat(x.outliers()).isEqualTo(1);

    ColumnProfile c = p.column("c");
    assertThat(c.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(c.min()).isNull();
    assertThat(c.mean()).isNull();
    assertThat(c.histogram()).isEmpty();
    assertThat(c.topValues()).containsExactly(
        new ValueCount("a", 5), new ValueCount("b", 3), new ValueCount("c", 1));
  }

  @Test
  void outliersBeyondThreeInterquartileRanges() throws IOException {
    // 1..100 plus 1000 and -1000: IQR about 50, bounds about [-124, 225].
    DatasetProfile p = profile(generate("v", 102,
        i -> i < 100 ? String.valueOf(i + 1) : i == 100 ? "1000" : "-1000"));
    ColumnProfile v = p.column("v");
    assertThat(v.outliers()).isEqualTo(2);
    assertThat(v.outlierRatio()).isCloseTo(2 / 102.0, within(1e-12));
  }

  @Test
  void typeInference() throws IOException {
    String header = "flag,n,x,day,cat,note,code,user_id,bits";
    DatasetProfile p = profile(generate(header, 100, i -> String.join(",",
        i % 3 == 0 ? "yes" : "No",
        String.valueOf(i % 7),
        (i % 11) + ".5",
        i % 2 == 0 ? "2024-03-" + String.format("%02d", i % 28 + 1) : "17.05.2023",
        "k" + (i % 4),
        "\"this is a rather long free text comment number " + i + "\"",
        "C" + (1000 + i),
        "u" + (i * 7919 % 100003),
        String.valueOf(i % 2))));
    assertThat(p.column("flag").type()).isEqualTo(ColumnType.BOOLEAN);
    assertThat(p.column("n").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(p.column("x").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(p.column("day").type()).isEqualTo(ColumnType.DATE);
    assertThat(p.column("cat").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(p.column("note").type()).isEqualTo(ColumnType.TEXT);
    assertThat(p.column("code").type()).isEqualTo(ColumnType.ID_LIKE);
    assertThat(p.column("user_id").type()).isEqualTo(ColumnType.ID_LIKE);
    assertThat(p.column("bits").type()).as("0/1 stays a number").isEqualTo(ColumnType.INTEGER);
    assertThat(p.idLikeColumns()).containsExactly("code", "user_id");
    assertThat(p.column("flag").topValues()).containsExactly(
        new ValueCount("No", 66), new ValueCount("yes", 34));
  }

  @Test
  void idByNameNeedsUniqueValuesAndIntegerRowNumbersAreIds() throws IOException {
    DatasetProfile p = profile(write("id,row,grade\n1,10,a\n2,11,b\n3,12,a\n"));
    assertThat(p.column("id").type()).isEqualTo(ColumnType.ID_LIKE);
    assertThat(p.column("row").type()).as("too few rows to tell").isEqualTo(ColumnType.INTEGER);
    DatasetProfile rows = profile(generate("n,paid", 50, i -> (i + 100) + "," + (i % 2)));
    assertThat(rows.column("n").type()).isEqualTo(ColumnType.ID_LIKE);
    assertThat(rows.column("paid").type()).as("'paid' is not an id name")
        .isEqualTo(ColumnType.INTEGER);
    DatasetProfile repeated = profile(write("id,v\n1,a\n1,b\n2,c\n"));
    assertThat(repeated.column("id").type()).isEqualTo(ColumnType.INTEGER);
  }

  @Test
  void mixedColumnIsCategoricalWithoutNumbers() throws IOException {
    ColumnProfile c = profile(write("v\n1\n2\n?\n3\n")).column("v");
    assertThat(c.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(c.mean()).isNull();
    assertThat(c.topValues()).hasSize(4);
  }

  @Test
  void distinctIsExactUpToTheBoundThenEstimated() throws IOException {
    DatasetProfile small = profile(generate("v,w", 10_000, i -> "v" + i + ",x" + (i % 10)));
    assertThat(small.column("v").distinct()).isEqualTo(10_000);
    assertThat(small.column("v").distinctExact()).isTrue();

    DatasetProfile large = profile(generate("v,w", 100_000, i -> "v" + i + "," + (i % 1000)));
    ColumnProfile v = large.column("v");
    assertThat(v.distinctExact()).isFalse();
    assertThat((double) v.distinct()).isCloseTo(100_000, within(5_000.0));
    assertThat(v.type()).isEqualTo(ColumnType.ID_LIKE);
    assertThat(large.column("w").distinct()).isEqualTo(1000);
    assertThat(large.column("w").distinctExact()).isTrue();
  }

  @Test
  void quantilesAndHistogramOfALargeColumn() throws IOException {
    Random random = new Random(7);
    int n = 200_000;
    DatasetProfile p = profile(generate("u,g", n,
        i -> (random.nextInt(1_000_000) / 1000.0) + "," + random.nextGaussian()));
    ColumnProfile u = p.column("u");
    assertThat(u.type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(u.quantiles().get("p01")).isCloseTo(10, within(20.0));
    assertThat(u.quantiles().get("p25")).isCloseTo(250, within(20.0));
    assertThat(u.quantiles().get("p50")).isCloseTo(500, within(20.0));
    assertThat(u.quantiles().get("p99")).isCloseTo(990, within(20.0));
    assertThat(u.histogram()).hasSize(20);
    assertThat(u.histogram().stream().mapToLong(HistogramBin::count).sum()).isEqualTo(n);
    for (HistogramBin bin : u.histogram()) {
      assertThat((double) bin.count()).isCloseTo(n / 20.0, within(n * 0.02));
    }
    assertThat(u.mean()).isCloseTo(500, within(5.0));
    assertThat(u.stdDev()).isCloseTo(1000 / Math.sqrt(12), within(5.0));
    assertThat(u.outliers()).isZero();
    ColumnProfile g = p.column("g");
    assertThat(g.quantiles().get("p50")).isCloseTo(0, within(0.05));
    assertThat(g.quantiles().get("p95")).isCloseTo(1.645, within(0.06));
    assertThat(g.stdDev()).isCloseTo(1, within(0.01));
    assertThat(g.histogram().stream().mapToLong(HistogramBin::count).sum()).isEqualTo(n);
  }

  @Test
  void anIdColumnOfAFileWithDuplicatedRowsIsStillIdLike() throws IOException {
    StringBuilder csv = new StringBuilder("ref,customer_id,segment,label\n");
    for (int i = 0; i < 200; i++) {
      String row = "C-" + (1000 + i) + "," + (5000 + i) + ",seg" + (i % 4) + "," + (i % 3 == 0 ? "yes" : "no") + "\n";
      csv.append(row);
      if (i % 4 == 0) {
        csv.append(row).append(row); // a join that repeated a quarter of the records, twice
      }
    }
    DatasetProfile p = profiler.profile(write(csv.toString()), "label", TaskType.CLASSIFICATION);
    assertThat(p.duplicateRows()).isEqualTo(100);
    // 200 distinct values in 300 rows: unique among the distinct rows, so still an identifier.
    assertThat(p.idLikeColumns()).containsExactlyInAnyOrder("ref", "customer_id");
    assertThat(p.columns()).filteredOn(c -> c.name().equals("segment")).singleElement()
        .satisfies(c -> assertThat(c.type()).isEqualTo(ColumnType.CATEGORICAL));
  }

  @Test
  void duplicateRowsConstantColumnsAndClassCounts() throws IOException {
    DatasetProfile p = profiler.profile(
        write("a,b,const,label\n1,x,k,yes\n2,y,k,no\n1,x,k,yes\n1,,k,yes\n1,,k,yes\n3,z,k,\n"),
        "label", TaskType.CLASSIFICATION);
    assertThat(p.duplicateRows()).isEqualTo(2);
    assertThat(p.duplicateRatio()).isCloseTo(2 / 6.0, within(1e-12));
    assertThat(p.constantColumns()).containsExactly("const");
    TargetProfile t = p.target();
    assertThat(t.present()).isTrue();
    assertThat(t.column()).isEqualTo("label");
    assertThat(t.classCounts()).containsExactly(
        java.util.Map.entry("yes", 4L), java.util.Map.entry("no", 1L));
    assertThat(t.minorityClassRatio()).isCloseTo(0.2, within(1e-12));
    assertThat(t.missing()).isEqualTo(1);
  }

  @Test
  void duplicatesAreEstimatedBeyondTheExactBound() {
    DuplicateRowCounter counter = new DuplicateRowCounter(1000);
    Random random = new Random(3);
    long duplicates = 0;
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 300_000; i++) {
      long h = CellKinds.mix(random.nextInt(250_000) + 1L);
      if (!seen.add(h)) {
        duplicates++;
      }
      counter.add(h);
    }
    assertThat(counter.exact()).isFalse();
    assertThat((double) counter.duplicates()).isCloseTo(duplicates, within(duplicates * 0.01));
  }

  @Test
  void absentTargetAndRegressionTarget() throws IOException {
    Path file = write("x,y\n1,2.5\n2,3.5\n");
    TargetProfile absent = profiler.profile(file, "nope", TaskType.CLASSIFICATION).target();
    assertThat(absent.present()).isFalse();
    assertThat(absent.classCounts()).isEmpty();
    TargetProfile regression = profiler.profile(file, "y", TaskType.REGRESSION).target();
    assertThat(regression.present()).isTrue();
    assertThat(regression.classCounts()).isEmpty();
    assertThat(regression.minorityClassRatio()).isNull();
  }

  @Test
  void classCountsAreBounded() throws IOException {
    TargetProfile t = profiler.profile(generate("x,y", 1500, i -> i + ",c" + i), "y",
        TaskType.CLASSIFICATION).target();
    assertThat(t.classCounts()).hasSize(DatasetProfiler.MAX_CLASSES + 1);
    assertThat(t.classCounts().get(DatasetProfiler.OTHER_CLASSES)).isEqualTo(500);
    assertThat(t.classCounts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(1500);
  }

  @Test
  void featureCopyingTheLabelIsALeakageSuspect() throws IOException {
    Random random = new Random(11);
    String[] classes = {"cat", "dog", "bird"};
    DatasetProfile p = profiler.profile(generate("noise,copy,weak,label", 3000, i -> {
      String label = classes[random.nextInt(3)];
      String weak = random.nextDouble() < 0.7 ? label : classes[random.nextInt(3)];
      return random.nextGaussian() + ",is_" + label + "," + weak + "," + label;
    }), "label", TaskType.CLASSIFICATION);
    assertThat(p.leakageSuspects()).extracting(LeakageSuspect::column).containsExactly("copy");
    assertThat(p.leakageSuspects().get(0).score()).isEqualTo(1.0);
  }

  @Test
  void numericLeakageInClassificationAndRegression() throws IOException {
    Random random = new Random(5);
    DatasetProfile c = profiler.profile(generate("score,other,label", 2000, i -> {
      double s = random.nextDouble();
      return s + "," + random.nextDouble() + "," + (s > 0.4 ? "pos" : "neg");
    }), "label", TaskType.CLASSIFICATION);
    assertThat(c.leakageSuspects()).extracting(LeakageSuspect::column).containsExactly("score");

    DatasetProfile r = profiler.profile(generate("x,twice,noise,y", 2000, i -> {
      double y = random.nextGaussian() * 10;
      return random.nextGaussian() + "," + (2 * y + 1 + random.nextGaussian() * 0.1) + ","
          + (y + random.nextGaussian() * 10) + "," + y;
    }), "y", TaskType.REGRESSION);
    assertThat(r.leakageSuspects()).extracting(LeakageSuspect::column).containsExactly("twice");
    assertThat(r.leakageSuspects().get(0).score()).isGreaterThan(0.99);
  }

  @Test
  void highCardinalityAndImbalanceDoNotLookLikeLeakage() throws IOException {
    Random random = new Random(9);
    DatasetProfile p = profiler.profile(generate("code,label", 5000, i ->
        // distinct per ~2 rows: majority-per-value would memorise it without leave-one-out
        "k" + random.nextInt(2500) + "," + (random.nextDouble() < 0.97 ? "ok" : "fraud")),
        "label", TaskType.CLASSIFICATION);
    assertThat(p.leakageSuspects()).isEmpty();
  }

  @Test
  void irisHasNoLeakageSuspect() {
    DatasetProfile p = profiler.profile(IRIS, "species", TaskType.CLASSIFICATION);
    assertThat(p.rows()).isEqualTo(150);
    assertThat(p.leakageSuspects()).isEmpty();
    assertThat(p.target().classCounts()).containsOnlyKeys("setosa", "versicolor", "virginica");
    assertThat(p.target().minorityClassRatio()).isCloseTo(1 / 3.0, within(1e-12));
    assertThat(p.column("petal_width").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(p.column("species").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(p.duplicateRows()).isEqualTo(1); // Iris has one repeated row (143 = 102)
    assertThat(p.constantColumns()).isEmpty();
    assertThat(p.idLikeColumns()).isEmpty();
  }

  @Test
  void profileIsJson() throws Exception {
    DatasetProfile p = profiler.profile(IRIS, "species", TaskType.CLASSIFICATION);
    ObjectMapper json = new ObjectMapper();
    JsonNode tree = json.readTree(json.writeValueAsString(p));
    assertThat(tree.get("rows").asLong()).isEqualTo(150);
    assertThat(tree.get("columns").get(0).get("quantiles").get("p50").asDouble()).isPositive();
    assertThat(json.readValue(json.writeValueAsString(p), DatasetProfile.class)).isEqualTo(p);
  }

  @Test
  void formatErrorsAreThoseOfIngestion() throws IOException {
    assertThatThrownBy(() -> profile(write("a,b\n1,2\n3\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("Line 3 has 1 fields, the header has 2.");
    assertThatThrownBy(() -> profile(write("a,b\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("no data rows");
    DatasetProfile semi = profile(write("\uFEFFa;b\n1;x\n2;y\n"));
    assertThat(semi.column("a").mean()).isEqualTo(1.5);
  }

  @Test
  void manyRowsFlowThroughTheBatches() throws IOException {
    DatasetProfile p = profile(generate("i,m", 10_007, i -> i + "," + (i % 3)));
    assertThat(p.rows()).isEqualTo(10_007);
    assertThat(p.column("i").count()).isEqualTo(10_007);
    assertThat(p.column("m").histogram().stream().mapToLong(HistogramBin::count).sum())
        .isEqualTo(10_007);
  }
}
