package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;

/**
 * Prepares and rebuilds the split of a file and prints what it found, so that a test can run it in
 * a JVM of its own: another "node", with a heap far smaller than the file.
 *
 * <pre>java -Xmx48m -cp ... io.mlpm.data.SplitProbe file seed distinctRows</pre>
 */
public final class SplitProbe {

  private SplitProbe() {}

  public static void main(String[] args) throws Exception {
    System.out.println(probe(Path.of(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2])));
  }

  /** "counts | digest of every row's part | peak heap MB" of the preparation and the rebuild. */
  static String probe(Path file, long seed, int distinctRows) throws Exception {
    CsvDatasetReader reader = new CsvDatasetReader();
    PreparationPlan plan = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of("id"), seed, 0.2, 0.2);
    StreamingSplit.Planned planned = StreamingSplit.plan(reader, file, plan, distinctRows);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    StreamingSplit.Replayed replayed = StreamingSplit.replay(reader, file, plan, planned.cuts(),
        EnumSet.allOf(Part.class), (part, cells) -> {
          digest.update((byte) part.ordinal());
          for (String c : cells) {
            digest.update((c == null ? "\u0000" : c + "\u0001").getBytes(StandardCharsets.UTF_8));
          }
        });
    if (!replayed.counts().equals(planned.counts())) {
      throw new IllegalStateException("rebuild " + replayed.counts() + " != preparation " + planned.counts());
    }
    long peak = 0;
    for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return planned.counts() + " | " + HexFormat.of().formatHex(digest.digest()) + " | sha "
        + planned.fingerprint().sha256() + " | peak heap MB " + (peak >> 20);
  }
}
