package io.mlpm.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlpm.MlpmProperties;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.ml.TaskType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dataset profile benchmark (a documented command, not a test): see BENCHMARKS.md and
 * bench/profile-benchmark.sh.
 *
 * <pre>java -Xmx512m -cp ... io.mlpm.bench.ProfileBenchmark [file] [rows] [--plain-only]</pre>
 *
 * Generates the file if absent (seeded, ~1 GB for 10M rows), then measures, each twice after a
 * warm-up on a 500k-row prefix: a plain FastCSV parse (every field read, rows counted), the ingest
 * as the application runs it (format checks, counts, profile and SHA-256 in one pass, recorded in
 * the schema) and the preparation (the streaming split, its SHA-256 check included), with the
 * heap of each run. The script also runs the plain parse in a JVM of its own first
 * ({@code --plain-only}); the faster of the two plain figures is the baseline of the ratios.
 */
public final class ProfileBenchmark {

  private static final String[] CATEGORIES = new String[20];
  private static final String[] CITIES = new String[200];
  private static final String[] SEGMENTS = {"retail", "wholesale", "online", "partner", "staff"};
  private static final String[] LABELS = {"churn", "stay", "upgrade"};

  static {
    for (int i = 0; i < CATEGORIES.length; i++) {
      CATEGORIES[i] = "category_" + (char) ('a' + i);
    }
    for (int i = 0; i < CITIES.length; i++) {
      CITIES[i] = String.format(Locale.ROOT, "city_%03d_%s", i, i % 2 == 0 ? "north" : "south");
    }
  }

  public static void main(String[] args) throws Exception {
    // Progress of the long steps, not the schema's migration or the database's chatter.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.mlpm"))
        .setLevel(ch.qos.logback.classic.Level.INFO);
    Path file = Path.of(args.length > 0 ? args[0] : "target/bench/profile-1gb.csv");
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      generate(file, rows);
      System.out.printf(Locale.ROOT, "generated %s (%d rows, %.1f MB) in %.1f s%n", file, rows,
          Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
    }
    Path warmup = file.resolveSibling(file.getFileName() + ".warmup.csv");
    if (!Files.exists(warmup)) {
      prefix(file, warmup, 500_000);
    }
    if (args.length > 2 && args[2].equals("--plain-only")) {
      // The baseline in a JVM of its own: its JIT sees no other use of FastCSV's parser.
      for (int i = 0; i < 2; i++) {
        plain(warmup);
      }
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 3; run++) {
        long t0 = System.nanoTime();
        plain(file);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      System.out.printf(Locale.ROOT, "plain FastCSV parse in a JVM of its own: best of 3 %.2f s%n", best);
      System.out.printf(Locale.ROOT, "PLAIN_ALONE=%.3f%n", best);
      return;
    }
    double mb = Files.size(file) / 1e6;
    System.out.printf(Locale.ROOT, "file %s: %.1f MB; JVM max heap %d MB, %d CPUs, %s%n", file, mb,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

    // The application's own path: the service with the real schema (H2 in memory), the file's
    // folder as the dataset root.
    org.springframework.jdbc.core.JdbcTemplate jdbc = io.mlpm.TestDatabase.migrated();
    DataPreparationService data = new DataPreparationService(jdbc, new MlpmProperties(
        new MlpmProperties.Datasets(file.toAbsolutePath().getParent(), 0), null, null, null, null));
    String uri = file.getFileName().toString();
    PreparationPlan plan = new PreparationPlan("label", TaskType.CLASSIFICATION, List.of("customer_id"), 42,
        PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO);
    for (int i = 0; i < 2; i++) {
      plain(warmup);
      long v = data.ingest("warmup", warmup.getFileName().toString(), null, "label", TaskType.CLASSIFICATION)
          .datasetVersionId();
      data.prepare("warmup", warmup.getFileName().toString(), v, plan);
    }

    var os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    double[][] wall = new double[3][2];
    double[][] cpu = new double[3][2];
    long[][] live = new long[3][2];
    long rowCount = 0;
    DataCheckOutcome ingested = null;
    RecordedSplit split = null;
    for (int run = 0; run < 2; run++) {
      HeapPeak heap = HeapPeak.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      rowCount = plain(file);
      wall[0][run] = (System.nanoTime() - t0) / 1e9;
      cpu[0][run] = (os.getProcessCpuTime() - c0) / 1e9;
      live[0][run] = report("plain FastCSV parse ", run, wall[0][run], cpu[0][run], mb, rowCount, heap.stop());
    }
    for (int run = 0; run < 2; run++) {
      HeapPeak heap = HeapPeak.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      ingested = data.ingest("bench", uri, null, "label", TaskType.CLASSIFICATION);
      wall[1][run] = (System.nanoTime() - t0) / 1e9;
      cpu[1][run] = (os.getProcessCpuTime() - c0) / 1e9;
      if (ingested.datasetVersionId() == null) {
        throw new IllegalStateException(ingested.summary());
      }
      live[1][run] = report("ingest: checks, counts, profile, SHA-256", run, wall[1][run], cpu[1][run], mb,
          rowCount, heap.stop());
    }
    for (int run = 0; run < 2; run++) {
      HeapPeak heap = HeapPeak.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      split = data.prepare("bench", uri, ingested.datasetVersionId(), plan);
      wall[2][run] = (System.nanoTime() - t0) / 1e9;
      cpu[2][run] = (os.getProcessCpuTime() - c0) / 1e9;
      live[2][run] = report("prepare: streaming split, SHA-256 check", run, wall[2][run], cpu[2][run], mb,
          rowCount, heap.stop());
    }
    double bestPlainHere = Math.min(wall[0][0], wall[0][1]);
    // The faster of the two baselines: the parse in this JVM shares its JIT with the ingest's parser.
    double alone = Double.parseDouble(System.getProperty("bench.plainAlone", "Infinity"));
    double bestPlain = Math.min(bestPlainHere, alone);
    System.out.printf(Locale.ROOT, "baseline: plain parse here %.2f s, in a JVM of its own %.2f s: %.2f s%n",
        bestPlainHere, alone, bestPlain);
    double bestIngest = Math.min(wall[1][0], wall[1][1]);
    double bestPrepare = Math.min(wall[2][0], wall[2][1]);
    System.out.printf(Locale.ROOT, "best: plain %.2f s, ingest %.2f s, prepare %.2f s%n", bestPlain, bestIngest,
        bestPrepare);
    System.out.printf(Locale.ROOT, "ingest runs at %.2fx the plain parse's speed (goal >= 0.7x);"
        + " prepare takes %.2fx the plain parse's time (goal <= 1.5x)%n", bestPlain / bestIngest,
        bestPrepare / bestPlain);
    System.out.printf(Locale.ROOT, "largest live heap after a GC: plain %d MB, ingest %d MB, prepare %d MB"
        + " (max heap %d MB); system load average now %.2f%n", Math.max(live[0][0], live[0][1]) >> 20,
        Math.max(live[1][0], live[1][1]) >> 20, Math.max(live[2][0], live[2][1]) >> 20,
        Runtime.getRuntime().maxMemory() >> 20, os.getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "split: %s%n", split.counts());
    DatasetProfile last = data.profile("bench", uri, ingested.datasetVersionId(), "label", TaskType.CLASSIFICATION)
        .profile();
    System.out.printf(Locale.ROOT, "profile: %d rows, %d duplicates, id-like %s, constant %s,"
            + " leakage %s, classes %s%n", last.rows(), last.duplicateRows(),
        last.idLikeColumns(), last.constantColumns(), last.leakageSuspects(),
        last.target().classCounts());
  }

  /** Prints the run; returns the largest live heap after a GC during it. */
  private static long report(String what, int run, double seconds, double cpu, double mb,
      long rows, long[] heap) {
    System.out.printf(Locale.ROOT,
        "%-41s run %d: %6.2f s (CPU %6.2f s)  %6.1f MB/s  %,11.0f rows/s  heap used %d MB"
            + " (sampled peak), %d MB live after GC (peak)%n",
        what, run + 1, seconds, cpu, mb / seconds, rows / seconds, heap[0] >> 20, heap[2] >> 20);
    return heap[2];
  }

  /** The baseline: FastCSV alone, every field read, rows counted. */
  static long plain(Path file) throws IOException {
    long rows = 0;
    long chars = 0;
    try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
      for (CsvRecord record : csv) {
        for (int i = 0; i < record.getFieldCount(); i++) {
          chars += record.getField(i).length();
        }
        rows++;
      }
    }
    if (chars == 0) {
      throw new IllegalStateException("nothing read");
    }
    return rows - 1;
  }

  static void generate(Path file, long rows) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    SplittableRandom random = new SplittableRandom(20240501);
    try (BufferedWriter out = new BufferedWriter(
        new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 20)) {
      out.write("customer_id,age,income,score,category,city,active,signup_date,visits,ratio,"
          + "segment,label\n");
      StringBuilder line = new StringBuilder(160);
      for (long i = 0; i < rows; i++) {
        line.setLength(0);
        int age = 18 + random.nextInt(72);
        double score = random.nextGaussian() * 15 + 50;
        int label = score > 65 ? 2 : score < 40 ? 0 : random.nextInt(3);
        line.append(1_000_000 + i).append(',').append(age).append(',');
        if (random.nextInt(20) != 0) { // 5% missing
          decimal(line, 20_000_00L + random.nextLong(180_000_00L), 2);
        }
        line.append(',');
        decimal(line, Math.round(score * 1_000_000), 6);
        line.append(',').append(CATEGORIES[random.nextInt(CATEGORIES.length)]);
        line.append(',').append(CITIES[random.nextInt(CITIES.length)]);
        line.append(',').append(random.nextInt(3) == 0 ? "false" : "true");
        int day = random.nextInt(3650);
        int year = 2015 + day / 365;
        int month = 1 + (day % 365) / 31 % 12;
        int dom = 1 + day % 28;
        line.append(',').append(year).append('-').append(month < 10 ? "0" : "").append(month)
            .append('-').append(dom < 10 ? "0" : "").append(dom);
        line.append(',');
        if (random.nextInt(50) != 0) { // 2% missing
          line.append(random.nextInt(40));
        }
        line.append(',');
        decimal(line, random.nextLong(1_000_000), 6);
        line.append(',').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        line.append(',').append(LABELS[label]).append('\n');
        out.append(line);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** value / 10^scale with exactly {@code scale} decimals, without Double.toString. */
  private static void decimal(StringBuilder out, long value, int scale) {
    if (value < 0) {
      out.append('-');
      value = -value;
    }
    long pow = 1;
    for (int i = 0; i < scale; i++) {
      pow *= 10;
    }
    out.append(value / pow).append('.');
    String fraction = Long.toString(value % pow);
    for (int i = fraction.length(); i < scale; i++) {
      out.append('0');
    }
    out.append(fraction);
  }

  static void prefix(Path file, Path target, int lines) throws IOException {
    try (var in = Files.newBufferedReader(file); var out = Files.newBufferedWriter(target)) {
      String line;
      for (int i = 0; i <= lines && (line = in.readLine()) != null; i++) {
        out.write(line);
        out.write('\n');
      }
    }
  }

  /**
   * Peak heap during a run, sampled every 10 ms: the heap in use (garbage included, so it mostly
   * shows how far the collector let it grow), the sum of the heap pools' peaks, and the live heap
   * (what the heap pools held after their latest collection), the figure that shows what a step
   * keeps.
   */
  private static final class HeapPeak {
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong live = new AtomicLong();
    private volatile boolean running = true;
    private final Thread sampler;
    private final List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();

    private HeapPeak() {
      System.gc();
      pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      sampler = new Thread(() -> {
        var memory = ManagementFactory.getMemoryMXBean();
        while (running) {
          max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          long afterGc = 0;
          for (MemoryPoolMXBean p : pools) {
            java.lang.management.MemoryUsage u = p.getCollectionUsage();
            afterGc += u == null ? 0 : u.getUsed();
          }
          live.accumulateAndGet(afterGc, Math::max);
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sampler.setDaemon(true);
      sampler.start();
    }

    static HeapPeak start() {
      return new HeapPeak();
    }

    long[] stop() throws InterruptedException {
      running = false;
      sampler.join();
      long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      return new long[] {max.get(), poolPeaks, live.get()};
    }
  }
}
