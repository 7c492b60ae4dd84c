package io.mlpm.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.DatasetProfiler;
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
 * <pre>java -Xmx256m -cp ... io.mlpm.bench.ProfileBenchmark [file] [rows]</pre>
 *
 * Generates the file if absent (seeded, ~1 GB for 10M rows), then measures a plain FastCSV parse
 * (every field read, rows counted) and the full profile, each twice after a warm-up on a 500k-row
 * prefix, with the peak heap of each run.
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
    double mb = Files.size(file) / 1e6;
    System.out.printf(Locale.ROOT, "file %s: %.1f MB; JVM max heap %d MB, %d CPUs, %s%n", file, mb,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));

    DatasetProfiler profiler = new DatasetProfiler();
    plain(warmup);
    profiler.profile(warmup, "label", TaskType.CLASSIFICATION);
    plain(warmup);
    profiler.profile(warmup, "label", TaskType.CLASSIFICATION);

    var os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    double[] plain = new double[2];
    double[] cpu = new double[4];
    double[] profile = new double[2];
    long rowCount = 0;
    DatasetProfile last = null;
    for (int run = 0; run < 2; run++) {
      HeapPeak heap = HeapPeak.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      rowCount = plain(file);
      plain[run] = (System.nanoTime() - t0) / 1e9;
      cpu[run] = (os.getProcessCpuTime() - c0) / 1e9;
      report("plain FastCSV parse", run, plain[run], cpu[run], mb, rowCount, heap.stop());
    }
    for (int run = 0; run < 2; run++) {
      HeapPeak heap = HeapPeak.start();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      last = profiler.profile(file, "label", TaskType.CLASSIFICATION);
      profile[run] = (System.nanoTime() - t0) / 1e9;
      cpu[2 + run] = (os.getProcessCpuTime() - c0) / 1e9;
      report("full profile       ", run, profile[run], cpu[2 + run], mb, last.rows(), heap.stop());
    }
    double bestPlain = Math.min(plain[0], plain[1]);
    double bestProfile = Math.min(profile[0], profile[1]);
    System.out.printf(Locale.ROOT,
        "best: plain %.2f s, profile %.2f s -> profile/plain time ratio %.2f"
            + " (profile runs at %.0f%% of the plain parse's speed)%n",
        bestPlain, bestProfile, bestProfile / bestPlain, 100 * bestPlain / bestProfile);
    double plainCpu = Math.min(cpu[0], cpu[1]);
    double profileCpu = Math.min(cpu[2], cpu[3]);
    System.out.printf(Locale.ROOT, "process CPU (all threads, incl. GC/JIT): plain %.2f s,"
        + " profile %.2f s -> ratio %.2f; system load average now %.2f%n", plainCpu, profileCpu,
        profileCpu / plainCpu, os.getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "profile: %d rows, %d duplicates, id-like %s, constant %s,"
            + " leakage %s, classes %s%n", last.rows(), last.duplicateRows(),
        last.idLikeColumns(), last.constantColumns(), last.leakageSuspects(),
        last.target().classCounts());
    last.columns().forEach(c -> System.out.printf(Locale.ROOT,
        "  %-12s %-11s distinct %d%s missing %d mean %s p50 %s%n", c.name(), c.type(),
        c.distinct(), c.distinctExact() ? "" : "~", c.missing(), c.mean(),
        c.quantiles().get("p50")));
  }

  private static void report(String what, int run, double seconds, double cpu, double mb,
      long rows, long[] heap) {
    System.out.printf(Locale.ROOT,
        "%s run %d: %6.2f s (CPU %6.2f s)  %6.1f MB/s  %,11.0f rows/s  peak heap used %d MB"
            + " (sampled), %d MB (sum of pool peaks)%n",
        what, run + 1, seconds, cpu, mb / seconds, rows / seconds, heap[0] >> 20, heap[1] >> 20);
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

  /** Peak heap during a run: sampled every 10 ms, and the sum of the heap pools' peaks. */
  private static final class HeapPeak {
    private final AtomicLong max = new AtomicLong();
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
      return new long[] {max.get(), poolPeaks};
    }
  }
}
