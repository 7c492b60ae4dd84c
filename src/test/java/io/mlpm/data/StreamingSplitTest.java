package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.TaskType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingSplitTest {

  @TempDir
  Path dir;

  private final CsvDatasetReader reader = new CsvDatasetReader();

  private static PreparationPlan plan(List<String> excluded, long seed) {
    return new PreparationPlan("label", TaskType.CLASSIFICATION, excluded, seed, 0.2, 0.2);
  }

  /** Rows of the parts, as "part:cells" lines, in file order. */
  private List<String> replay(Path file, PreparationPlan plan, SplitCuts cuts) {
    List<String> rows = new ArrayList<>();
    StreamingSplit.replay(reader, file, plan, cuts, EnumSet.allOf(Part.class),
        (part, cells) -> rows.add(part + ":" + String.join("|", java.util.Arrays.stream(cells)
            .map(c -> c == null ? "<null>" : c).toList())));
    return rows;
  }

  private Path file(String name, int rows, int classes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("id,x,y,label\n");
    for (int i = 0; i < rows; i++) {
      // classes of very different sizes: class k has weight 2^-k
      int k = 0;
      while (k < classes - 1 && random.nextBoolean()) {
        k++;
      }
      csv.append(i).append(',').append(random.nextInt(1000)).append(',').append(random.nextDouble()).append(",c")
          .append(k).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void theSameFileAndSeedGiveTheSameSplitInEveryPassAndAnotherSeedAnother() throws Exception {
    Path file = file("a.csv", 5000, 4, 1);
    StreamingSplit.Planned first = StreamingSplit.plan(reader, file, plan(List.of(), 7), 1000);
    StreamingSplit.Planned second = StreamingSplit.plan(reader, file, plan(List.of(), 7), 1000);
    assertThat(second.cuts()).isEqualTo(first.cuts());
    assertThat(second.counts()).isEqualTo(first.counts());
    List<String> rows = replay(file, plan(List.of(), 7), first.cuts());
    assertThat(replay(file, plan(List.of(), 7), first.cuts())).isEqualTo(rows);
    // The rebuild counts what the preparation counted.
    assertThat(rows.stream().filter(r -> r.startsWith("TEST:")).count()).isEqualTo(first.counts().test());
    assertThat(rows.stream().filter(r -> r.startsWith("VALIDATION:")).count()).isEqualTo(first.counts().validation());
    assertThat(rows.stream().filter(r -> r.startsWith("TRAIN:")).count()).isEqualTo(first.counts().train());
    StreamingSplit.Planned other = StreamingSplit.plan(reader, file, plan(List.of(), 8), 1000);
    assertThat(replay(file, plan(List.of(), 8), other.cuts())).isNotEqualTo(rows);
    // The fingerprint of the pass is the file's.
    assertThat(first.fingerprint().sha256()).isEqualTo(DataPreparationService.sha256(file));
  }

  @Test
  void smallClassesKeepTheirShareToTheRowAndEveryClassWithTwoRowsIsTested() throws Exception {
    Path file = file("classes.csv", 4000, 9, 2);
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, file, plan(List.of(), 42), 1000);
    Map<String, long[]> parts = new HashMap<>();
    StreamingSplit.replay(reader, file, plan(List.of(), 42), planned.cuts(), EnumSet.allOf(Part.class),
        (part, cells) -> parts.computeIfAbsent(cells[3], k -> new long[3])[part.ordinal()]++);
    for (SplitCuts.Stratum s : planned.cuts().strata()) {
      assertThat(s.exact()).isTrue();
      long[] p = parts.get(s.label());
      long n = s.rows();
      long test = n < 2 ? 0 : Math.max(1, Math.min(n - 1, Math.round(n * 0.2)));
      long rest = n - test;
      long validation = rest < 2 ? 0 : Math.max(1, Math.min(rest - 1, Math.round(rest * 0.2)));
      assertThat(p[Part.TEST.ordinal()]).as("test rows of %s (%d rows)", s.label(), n).isEqualTo(test);
      assertThat(p[Part.VALIDATION.ordinal()]).as("validation rows of %s", s.label()).isEqualTo(validation);
      assertThat(p[Part.TRAIN.ordinal()]).isEqualTo(n - test - validation);
    }
  }

  @Test
  void aStratumTooLargeToCutExactlyKeepsItsShareWithinTheStatedTolerance() throws Exception {
    int rows = StreamingSplit.EXACT_STRATUM_ROWS + 50_000;
    StringBuilder csv = new StringBuilder("x,label\n");
    for (int i = 0; i < rows; i++) {
      csv.append(i).append(i % 10 == 0 ? ",rare\n" : ",common\n");
    }
    Path file = dir.resolve("large.csv");
    Files.writeString(file, csv);
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, file, plan(List.of(), 3), rows);
    SplitCuts.Stratum common = planned.cuts().strata().stream().filter(s -> s.label().equals("common")).findFirst()
        .orElseThrow();
    SplitCuts.Stratum rare = planned.cuts().strata().stream().filter(s -> s.label().equals("rare")).findFirst()
        .orElseThrow();
    assertThat(common.exact()).isFalse();
    assertThat(rare.exact()).isTrue();
    double testShare = (double) common.testRows() / common.rows();
    double validationShare = (double) common.validationRows() / (common.rows() - common.testRows());
    assertThat(testShare).isCloseTo(0.2, org.assertj.core.data.Offset.offset(StreamingSplit.LARGE_STRATUM_TOLERANCE));
    assertThat(validationShare).isCloseTo(0.2,
        org.assertj.core.data.Offset.offset(StreamingSplit.LARGE_STRATUM_TOLERANCE));
    // The counts are those of the rebuild.
    long[] parts = new long[3];
    StreamingSplit.replay(reader, file, plan(List.of(), 3), planned.cuts(), EnumSet.of(Part.TEST),
        (part, cells) -> parts[part.ordinal()]++);
    assertThat(parts[Part.TEST.ordinal()]).isEqualTo(planned.counts().test());
    assertThat(parts[Part.TRAIN.ordinal()]).isZero(); // not wanted, not handed out
  }

  @Test
  void duplicatesAreRemovedAfterTheExclusionsAndRowsWithoutTargetDropped() throws Exception {
    Files.writeString(dir.resolve("dup.csv"), "id,x,label\n1,a,yes\n2,a,yes\n3,b,no\n3,b,no\n4,c,\n5,d,no\n");
    StreamingSplit.Planned keepId = StreamingSplit.plan(reader, dir.resolve("dup.csv"), plan(List.of(), 1), 100);
    assertThat(keepId.counts().duplicatesRemoved()).isEqualTo(1);
    assertThat(keepId.counts().droppedMissingTarget()).isEqualTo(1);
    StreamingSplit.Planned withoutId = StreamingSplit.plan(reader, dir.resolve("dup.csv"), plan(List.of("id"), 1), 100);
    assertThat(withoutId.columns()).containsExactly("x", "label");
    assertThat(withoutId.counts().duplicatesRemoved()).isEqualTo(2);
    SplitCounts c = withoutId.counts();
    assertThat(c.train() + c.validation() + c.test()).isEqualTo(3);
    assertThat(c.uncheckedRows()).isZero();
  }

  @Test
  void beyondTheExactBoundDuplicatesAreCountedAsUncheckedAndNeverStraddleParts() throws Exception {
    StringBuilder csv = new StringBuilder("x,label\n");
    for (int copy = 0; copy < 5; copy++) {
      for (int i = 0; i < 400; i++) {
        csv.append(i).append(i % 3 == 0 ? ",a\n" : ",b\n");
      }
    }
    Path file = dir.resolve("copies.csv");
    Files.writeString(file, csv);
    // Only 100 distinct rows are checked: 300 of the 400 distinct rows go unchecked, with their copies.
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, file, plan(List.of(), 9), 100);
    assertThat(planned.counts().duplicatesRemoved()).isEqualTo(400);
    assertThat(planned.counts().uncheckedRows()).isEqualTo(1500);
    Map<String, java.util.Set<Part>> partsOfRow = new HashMap<>();
    StreamingSplit.replay(reader, file, plan(List.of(), 9), planned.cuts(), EnumSet.allOf(Part.class),
        (part, cells) -> partsOfRow.computeIfAbsent(String.join(",", cells), k -> EnumSet.noneOf(Part.class))
            .add(part));
    assertThat(partsOfRow).hasSize(400);
    assertThat(partsOfRow.values()).allSatisfy(parts -> assertThat(parts).hasSize(1));
  }

  @Test
  void aRebuildOfOnePartOrASampleChecksOnlyItsRowsAndHandsOutWhatTheFullRebuildDoes() throws Exception {
    StringBuilder csv = new StringBuilder("x,label\n");
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < 6000; i++) {
      int v = random.nextInt(1500); // many repeats, early and late, so some cross the freeze
      csv.append(v).append(v % 3 == 0 ? ",a\n" : ",b\n");
    }
    Path file = dir.resolve("repeats.csv");
    Files.writeString(file, csv);
    for (int limit : new int[] {50, 700, 100_000}) {
      StreamingSplit.Planned planned = StreamingSplit.plan(reader, file, plan(List.of(), 2), limit);
      assertThat(planned.cuts().frozenAtRow() != null).isEqualTo(limit < 1500);
      List<String> all = replay(file, plan(List.of(), 2), planned.cuts());
      List<String> test = new ArrayList<>();
      StreamingSplit.replay(reader, file, plan(List.of(), 2), planned.cuts(), EnumSet.of(Part.TEST),
          (part, cells) -> test.add(part + ":" + String.join("|", cells)));
      assertThat(test).as("limit %d", limit).isEqualTo(all.stream().filter(r -> r.startsWith("TEST:")).toList());
      List<String> sampled = new ArrayList<>();
      StreamingSplit.replay(reader, file, plan(List.of(), 2), planned.cuts(), EnumSet.of(Part.TRAIN),
          java.util.Map.of(Part.TRAIN, 0.3), (part, cells) -> sampled.add(part + ":" + String.join("|", cells)));
      List<String> train = all.stream().filter(r -> r.startsWith("TRAIN:")).toList();
      // Identical rows are in or out of the sample together: the sample is the full rebuild's
      // training rows, in order and with their kept copies, filtered by the rows it holds.
      java.util.Set<String> held = new java.util.HashSet<>(sampled);
      assertThat(sampled).isEqualTo(train.stream().filter(held::contains).toList());
      assertThat((double) sampled.size() / train.size()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.08));
    }
  }

  @Test
  void aRegressionSplitIsOneStratumCutExactly() throws Exception {
    StringBuilder csv = new StringBuilder("x,price\n");
    for (int i = 0; i < 997; i++) {
      csv.append(i).append(',').append(i % 10 == 0 ? "" : String.valueOf(i * 1.5)).append('\n');
    }
    Files.writeString(dir.resolve("prices.csv"), csv);
    PreparationPlan regression = new PreparationPlan("price", TaskType.REGRESSION, List.of(), 5, 0.2, 0.2);
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, dir.resolve("prices.csv"), regression, 10_000);
    assertThat(planned.cuts().strata()).singleElement().satisfies(s -> {
      assertThat(s.label()).isNull();
      assertThat(s.exact()).isTrue();
    });
    SplitCounts c = planned.counts();
    assertThat(c.droppedMissingTarget()).isEqualTo(100);
    assertThat(c.test()).isEqualTo(Math.round(897 * 0.2));
    assertThat(c.validation()).isEqualTo(Math.round((897 - c.test()) * 0.2));
    List<String> rows = replay(dir.resolve("prices.csv"), regression, planned.cuts());
    assertThat(rows).hasSize(897);
    assertThat(rows.stream().filter(r -> r.startsWith("TEST:")).count()).isEqualTo(c.test());
  }

  @Test
  void aGzipFileIsSplitAndItsFingerprintIsThatOfItsBytes() throws Exception {
    Path plainFile = file("plain.csv", 3000, 3, 6);
    Path gz = dir.resolve("data.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plainFile));
    }
    StreamingSplit.Planned zipped = StreamingSplit.plan(reader, gz, plan(List.of("id"), 1), 10_000);
    StreamingSplit.Planned plain = StreamingSplit.plan(reader, plainFile, plan(List.of("id"), 1), 10_000);
    assertThat(zipped.fingerprint().sha256()).isEqualTo(DataPreparationService.sha256(gz));
    assertThat(zipped.cuts()).isEqualTo(plain.cuts());
    assertThat(replay(gz, plan(List.of("id"), 1), zipped.cuts()))
        .isEqualTo(replay(plainFile, plan(List.of("id"), 1), plain.cuts()));
  }

  @Test
  void classesBeyondTheBoundShareOneStratum() throws Exception {
    StringBuilder csv = new StringBuilder("x,label\n");
    for (int i = 0; i < StreamingSplit.MAX_STRATA + 200; i++) {
      csv.append(i).append(",class").append(i).append('\n');
    }
    Files.writeString(dir.resolve("many.csv"), csv);
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, dir.resolve("many.csv"), plan(List.of(), 1), 10_000);
    assertThat(planned.cuts().strata()).hasSize(StreamingSplit.MAX_STRATA);
    assertThat(planned.cuts().otherClasses().rows()).isEqualTo(200);
    assertThat(planned.cuts().otherClasses().testRows()).isEqualTo(40);
  }

  @Test
  void aTargetThatIsNotInTheFileOrLeftOutIsRefused() throws Exception {
    Files.writeString(dir.resolve("t.csv"), "x,y\n1,2\n");
    assertThatThrownBy(() -> StreamingSplit.plan(reader, dir.resolve("t.csv"), plan(List.of(), 1), 10))
        .hasMessageContaining("'label' is not in the dataset");
    assertThatThrownBy(() -> StreamingSplit.plan(reader, dir.resolve("t.csv"), plan(List.of("label"), 1), 10))
        .hasMessageContaining("cannot be left out");
  }

  @Test
  void cutsAtRatiosAreTheirShareOfThePositions() {
    assertThat(StreamingSplit.cutAt(0)).isZero();
    assertThat(StreamingSplit.cutAt(1)).isEqualTo(-1L);
    assertThat(Long.toUnsignedString(StreamingSplit.cutAt(0.5))).isEqualTo(Long.toUnsignedString(1L << 63));
  }
}
