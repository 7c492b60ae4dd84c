package io.mlpm.bench;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.task.Task;

/**
 * Lifecycle benchmark (a documented command, not a test): see BENCHMARKS.md and
 * bench/lifecycle-benchmark.sh. A generated CSV (10M rows, ~1 GB, 3-class target by default) goes
 * from the REST start to a served prediction in the application (in this JVM, its heap held to
 * the script's -Xmx), against a plain FastCSV parse of the same file in the same run. Meanwhile a
 * small project (iris) is signed off to production and its {@code GET /api/projects/{key}} is
 * timed every 50 ms.
 *
 * <pre>java -Xmx1g -cp ... io.mlpm.bench.LifecycleBenchmark [file] [rows] [algorithms] [tuningBudget]</pre>
 */
public final class LifecycleBenchmark {

  private LifecycleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "target/bench/profile-1gb.csv").toAbsolutePath();
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
    String algorithms = args.length > 2 ? args[2] : "logistic_regression";
    int tuningBudget = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    if (!Files.exists(file)) {
      ProfileBenchmark.generate(file, rows);
    }
    Path root = file.getParent();
    try (InputStream in = LifecycleBenchmark.class.getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, root.resolve("bench-iris.csv"), StandardCopyOption.REPLACE_EXISTING);
    }
    double mb = Files.size(file) / 1e6;
    System.out.printf(Locale.ROOT, "file %s: %.1f MB; JVM max heap %d MB, %d CPUs%n", file, mb,
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    ProfileBenchmark.plain(file); // warm the page cache and the parser
    // The best of three: the baseline at its fastest (this machine's speed moves from one run to the next).
    double plain = Double.MAX_VALUE;
    StringBuilder runs = new StringBuilder();
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      ProfileBenchmark.plain(file);
      double seconds = (System.nanoTime() - t0) / 1e9;
      plain = Math.min(plain, seconds);
      runs.append(run == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", seconds));
    }
    System.out.printf(Locale.ROOT, "plain FastCSV parse: %.2f s (best of %s s)%n", plain, runs);

    Path dataDir = Files.createTempDirectory("mlpm-lifecycle-bench");
    try (BenchApp app = BenchApp.start(dataDir, root, false)) {
      HeapSampler heap = new HeapSampler();
      // The small project goes first to its deployment sign-off; its GET is timed throughout.
      app.startProject("sponsor", "small", charter("bench-iris.csv", "species", "logistic_regression", 1));
      app.complete("sponsor", app.awaitTask("small", "approveCharter", Duration.ofMinutes(2), 50), "approved", true);
      app.complete("steward", app.awaitTask("small", "approveDataset", Duration.ofMinutes(2), 50), "approved", true,
          "comment", "ok");
      Task smallDeployment = app.awaitTask("small", "approveDeployment", Duration.ofMinutes(5), 50);
      List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean polling = new AtomicBoolean(true);
      AtomicLong failures = new AtomicLong();
      Thread poller = new Thread(() -> {
        while (polling.get()) {
          long s = System.nanoTime();
          try {
            if (app.get("sponsor", "/api/projects/small").status() != 200) {
              failures.incrementAndGet();
            }
          } catch (IllegalStateException e) {
            return; // the application is closing: the run failed and says why
          }
          latencies.add(System.nanoTime() - s);
          BenchApp.sleep(50);
        }
      }, "small-project-poller");
      poller.setDaemon(true);
      poller.start();

      long start = System.nanoTime();
      app.startProject("sponsor", "large", charter(file.getFileName().toString(), "label", algorithms, tuningBudget));
      app.complete("sponsor", app.awaitTask("large", "approveCharter", Duration.ofMinutes(2), 20), "approved", true);
      double charter = seconds(start);
      Task dataset = app.awaitTask("large", "approveDataset", Duration.ofMinutes(30), 100);
      double data = seconds(start);
      // While the large project trains, the small one is signed off to production as usual.
      app.complete("sponsor2", smallDeployment, "approved", true, "comment", "ship");
      app.complete("steward", dataset, "approved", true, "comment", "ok");
      Task deployment = app.awaitTask("large", "approveDeployment", Duration.ofMinutes(60), 100);
      double development = seconds(start);
      app.complete("sponsor2", deployment, "approved", true, "comment", "ship");
      String body = "{\"rows\":[{\"age\":40,\"income\":\"52000.00\",\"score\":\"55.0\",\"category\":\"category_a\","
          + "\"city\":\"city_001_south\",\"active\":\"true\",\"signup_date\":\"2020-01-01\",\"visits\":3,"
          + "\"ratio\":\"0.5\",\"segment\":\"retail\"}]}";
      BenchApp.Response prediction = null;
      while (seconds(start) < 3600) {
        prediction = app.post("engineer", "/api/projects/large/predictions", body);
        if (prediction.status() == 200) {
          break;
        }
        BenchApp.sleep(100);
      }
      double served = seconds(start);
      polling.set(false);
      poller.join();
      String smallPhase = app.get("sponsor", "/api/projects/small").json().path("phase").asText();
      String rowsUsed = app.get("sponsor", "/api/projects/large/models").body();
      long[] peak = heap.stop();

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      double p50 = sorted.get(sorted.size() / 2) / 1e6;
      double p99 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
      double max = sorted.get(sorted.size() - 1) / 1e6;
      System.out.printf(Locale.ROOT, "large project (%s, tuning budget %d), seconds from the REST start:%n",
          algorithms, tuningBudget);
      System.out.printf(Locale.ROOT, "  charter signed              %7.2f s%n", charter);
      System.out.printf(Locale.ROOT, "  data ready for sign-off     %7.2f s  (ingest, profile, checks, split: %.2f s)%n",
          data, data - charter);
      System.out.printf(Locale.ROOT, "  model ready for sign-off    %7.2f s  (training, selection, evaluation: %.2f s)%n",
          development, development - data);
      System.out.printf(Locale.ROOT, "  first prediction served     %7.2f s  (deployment, drift baseline: %.2f s)%n",
          served, served - development);
      System.out.printf(Locale.ROOT, "whole lifecycle / plain parse = %.1fx (goal <= 15x); prediction: HTTP %d %s%n",
          served / plain, prediction == null ? 0 : prediction.status(),
          prediction == null ? "" : prediction.body().substring(0, Math.min(120, prediction.body().length())));
      System.out.printf(Locale.ROOT, "peak heap in use %d MB (sampled every 10 ms), max %d MB%n", peak[0] >> 20,
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(Locale.ROOT, "small project meanwhile: %d GETs, p50 %.1f ms, p99 %.1f ms (goal < 1000),"
          + " max %.1f ms, %d not 200; its phase at the end: %s%n", sorted.size(), p50, p99, max, failures.get(),
          smallPhase);
      int at = rowsUsed.indexOf("\"trainingRows\"");
      System.out.println("rows used: " + (at < 0 ? "(not in the models list)"
          : rowsUsed.substring(at, Math.min(rowsUsed.length(), at + 240))));
    }
  }

  private static Map<String, Object> charter(String dataset, String target, String algorithms, int tuningBudget) {
    return Map.of("projectName", "Bench " + dataset, "businessProblem", "Predict " + target, "sponsor", "sponsor",
        "datasetUri", dataset, "targetColumn", target, "taskType", "classification", "algorithms", algorithms,
        "tuningBudget", tuningBudget,
        "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.3}]");
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** The heap in use, sampled every 10 ms until stopped. */
  private static final class HeapSampler {
    private final AtomicLong max = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    HeapSampler() {
      thread = new Thread(() -> {
        var memory = ManagementFactory.getMemoryMXBean();
        while (running.get()) {
          max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          BenchApp.sleep(10);
        }
      }, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long[] stop() throws InterruptedException {
      running.set(false);
      thread.join();
      return new long[] {max.get()};
    }
  }
}
