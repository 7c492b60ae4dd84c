package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file several times larger than the heap is split, and rebuilt, in a JVM of its own with
 * {@code -Xmx48m}: the proof that the split's memory does not grow with the rows. The same split
 * (every row's part) comes out in this JVM: every node computes the same split.
 */
class SplitInASmallHeapTest {

  private static final int HEAP_MB = 48;
  private static final int DISTINCT_ROWS = 400_000;

  @TempDir
  Path dir;

  @Test
  void aFileFarLargerThanTheHeapIsSplitTheSameWayInAnotherJvm() throws Exception {
    Path file = dir.resolve("large.csv");
    SplittableRandom random = new SplittableRandom(11);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("id,amount,segment,city,score,label\n");
      for (int i = 0; i < 3_000_000; i++) {
        int k = random.nextInt(10);
        out.write(i + "," + random.nextInt(100_000) + ",segment_" + random.nextInt(8) + ",city_"
            + random.nextInt(500) + "," + random.nextDouble() + "," + (k < 6 ? "stay" : k < 9 ? "churn" : "upgrade")
            + "\n");
        if (i % 50 == 0) {
          out.write("0," + i % 1000 + ",segment_0,city_0,0.5,stay\n"); // duplicates once the id is left out
        }
      }
    }
    long megabytes = Files.size(file) >> 20;
    assertThat(megabytes).isGreaterThan(3L * HEAP_MB);

    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + HEAP_MB + "m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        SplitProbe.class.getName(), file.toString(), "5", String.valueOf(DISTINCT_ROWS))
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    String otherNode = output.lines().filter(l -> l.contains(" | sha ")).findFirst().orElseThrow();

    String here = SplitProbe.probe(file, 5, DISTINCT_ROWS);
    // counts | parts digest | sha are the same; only the peak heap may differ
    assertThat(otherNode.substring(0, otherNode.indexOf(" | peak")))
        .isEqualTo(here.substring(0, here.indexOf(" | peak")));
    assertThat(here).contains("duplicatesRemoved=");
    assertThat(here).doesNotContain("duplicatesRemoved=0,");
  }
}
