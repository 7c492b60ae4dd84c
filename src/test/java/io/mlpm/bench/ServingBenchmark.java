package io.mlpm.bench;

import io.mlpm.project.ProjectRepository;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.serving.PredictionService;
import io.mlpm.training.TrainedModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.camunda.bpm.engine.IdentityService;

/**
 * Serving benchmark (a documented command, not a test): see BENCHMARKS.md and
 * bench/serving-benchmark.sh.
 *
 * <pre>java -Xmx1g -cp ... io.mlpm.bench.ServingBenchmark [seconds] [concurrency,...]</pre>
 *
 * Starts the application in-process (demo profile, fresh H2 file database) and takes the sample
 * project {@code demo-iris} to production over REST as the demo users would (sponsor approves the
 * charter, the data steward the dataset, the sponsor the deployment; admin started it). Then:
 * <ol>
 *   <li>the in-process limit: {@link TrainedModel#predict} on one row of the production model,
 *       loaded through the {@link ModelRegistry};</li>
 *   <li>the parts of a request, one at a time in-process: {@code IdentityService.checkPassword}
 *       (HTTP Basic), {@link PredictionService#predict} (lookups, model, prediction log insert,
 *       metrics);</li>
 *   <li>HTTP on loopback: {@code POST /api/projects/demo-iris/predictions} with one row, HTTP
 *       Basic and with a serving token of the project (Bearer) interleaved, N concurrent workers on
 *       one {@link HttpClient} (HTTP/1.1), 5 s warm-up then the measured seconds (default 20):
 *       requests/s, latency percentiles, errors, and the token's ratio to Basic in the same run;</li>
 *   <li>a JFR CPU profile of a further 10 s HTTP run, split by what the server threads were
 *       doing.</li>
 * </ol>
 * Every measurement runs twice.
 */
public final class ServingBenchmark {

  static final String KEY = "demo-iris";
  static final Map<String, Object> ROW = Map.of("sepal_length", 5.1, "sepal_width", 3.5, "petal_length", 1.4,
      "petal_width", 0.2);
  static final String BODY =
      "{\"rows\":[{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}]}";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int[] concurrency = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {8, 32};
    Path base = Path.of("target/bench/serving").toAbsolutePath();
    Path dataDir = base.resolve("db-" + System.currentTimeMillis());
    Path datasets = base.resolve("datasets");
    Files.createDirectories(datasets);
    System.out.printf(Locale.ROOT, "JVM max heap %d MB, %d CPUs, %s; load %s%n",
        Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), TrainingBenchmark.load());
    try (BenchApp app = BenchApp.start(dataDir, datasets, true)) {
      toProduction(app);
      inProcessModel(app);
      parts(app);
      String token = servingToken(app);
      List<String> summary = new ArrayList<>();
      for (int n : concurrency) {
        // Basic and a serving token interleaved, so that both see the same machine.
        double[] basic = new double[2];
        double[] bearer = new double[2];
        for (int run = 1; run <= 2; run++) {
          Run b = http(app, BenchApp.basic("engineer"), n, 5, seconds,
              String.format(Locale.ROOT, "HTTP %2d workers, Basic, run %d", n, run));
          Run t = http(app, "Bearer " + token, n, 5, seconds,
              String.format(Locale.ROOT, "HTTP %2d workers, token, run %d", n, run));
          summary.add(b.line());
          summary.add(t.line());
          basic[0] += b.perSecond() / 2;
          basic[1] += b.p99Millis() / 2;
          bearer[0] += t.perSecond() / 2;
          bearer[1] += t.p99Millis() / 2;
        }
        summary.add(String.format(Locale.ROOT, "  %d workers: token / Basic = %.2fx req/s, p99 %.2fx", n,
            bearer[0] / basic[0], bearer[1] / basic[1]));
      }
      profile(app, concurrency[0], 10);
      System.out.println();
      System.out.println("=== summary (goal: >= 500 one-row requests/s with p99 < 20 ms) ===");
      summary.forEach(System.out::println);
    }
  }

  // ------------------------------------------------------------------------------ production

  static void toProduction(BenchApp app) {
    long t0 = System.nanoTime();
    Duration wait = Duration.ofMinutes(5);
    app.complete("sponsor", app.awaitTask(KEY, "approveCharter", wait, 50), "approved", true, "comment", "go");
    app.complete("steward", app.awaitTask(KEY, "approveDataset", wait, 50), "approved", true, "comment", "ok");
    app.complete("sponsor", app.awaitTask(KEY, "approveDeployment", wait, 50), "approved", true, "comment", "ship");
    ModelRegistry registry = app.bean(ModelRegistry.class);
    long deadline = System.nanoTime() + wait.toNanos();
    while (registry.production(KEY).isEmpty() && System.nanoTime() < deadline) {
      BenchApp.sleep(50);
    }
    ModelVersion v = registry.production(KEY).orElseThrow(() -> new IllegalStateException("no production model"));
    System.out.printf(Locale.ROOT, "%s in production after %.1f s: model version %d (%s), phase %s%n", KEY,
        (System.nanoTime() - t0) / 1e9, v.version(), v.algorithm(),
        app.bean(ProjectRepository.class).find(KEY).orElseThrow().phase());
    BenchApp.Response first = app.post("engineer", "/api/projects/" + KEY + "/predictions", BODY);
    System.out.printf(Locale.ROOT, "one prediction over HTTP: %d %s%n", first.status(), first.body());
  }

  // ------------------------------------------------------------------------------ in-process

  static void inProcessModel(BenchApp app) {
    ModelRegistry registry = app.bean(ModelRegistry.class);
    ModelVersion v = registry.production(KEY).orElseThrow();
    TrainedModel model = TrainedModel.load(registry.artifact(v.id()), v.featureSchemaJson());
    List<Map<String, Object>> rows = List.of(ROW);
    System.out.println();
    System.out.println("=== in-process: TrainedModel.predict, one row, single thread ===");
    timed("warm-up (20,000 calls)", 20_000, () -> model.predict(rows));
    for (int run = 1; run <= 2; run++) {
      timed("TrainedModel.predict run " + run, 20_000, () -> model.predict(rows));
    }
  }

  static void parts(BenchApp app) {
    IdentityService identity = app.bean(IdentityService.class);
    PredictionService predictions = app.bean(PredictionService.class);
    ProjectRepository projects = app.bean(ProjectRepository.class);
    ModelRegistry registry = app.bean(ModelRegistry.class);
    List<Map<String, Object>> rows = List.of(ROW);
    System.out.println();
    System.out.println("=== in-process: the parts of one prediction request, single thread ===");
    timed("warm-up checkPassword", 1_000, () -> identity.checkPassword("engineer", "demo"));
    timed("warm-up PredictionService.predict", 1_000, () -> predictions.predict(KEY, rows));
    for (int run = 1; run <= 2; run++) {
      timed("IdentityService.checkPassword (HTTP Basic) run " + run, 2_000,
          () -> identity.checkPassword("engineer", "demo"));
      timed("ProjectRepository.find + ModelRegistry.production run " + run, 2_000,
          () -> projects.find(KEY).isPresent() && registry.production(KEY).isPresent());
      timed("PredictionService.predict (lookups, predict, log insert, metrics) run " + run, 2_000,
          () -> predictions.predict(KEY, rows));
    }
  }

  /** Runs {@code call} n times, timing each call; prints calls/s and percentiles in µs. */
  static void timed(String what, int n, Supplier<?> call) {
    long[] nanos = new long[n];
    Object sink = null;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      sink = call.get();
      nanos[i] = System.nanoTime() - t;
    }
    long total = System.nanoTime() - start;
    Arrays.sort(nanos);
    System.out.printf(Locale.ROOT, "%-72s %,9.0f calls/s  p50 %7.1f µs  p99 %8.1f µs  max %8.1f µs%s%n", what,
        n / (total / 1e9), pct(nanos, 50) / 1e3, pct(nanos, 99) / 1e3, nanos[n - 1] / 1e3,
        sink == null ? " (null)" : "");
  }

  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  // ------------------------------------------------------------------------------ HTTP

  /** @return the summary line */
  /** One run's figures. */
  record Run(String line, double perSecond, double p99Millis) {}

  /** A serving token of the benchmark project, issued by the ML engineer as a system would get it. */
  static String servingToken(BenchApp app) {
    BenchApp.Response created = app.post("engineer", "/api/projects/" + KEY + "/tokens", "{\"name\":\"bench\"}");
    if (created.status() != 201) {
      throw new IllegalStateException("token not issued: " + created.status() + " " + created.body());
    }
    return created.json().path("token").asText();
  }

  static Run http(BenchApp app, String authorization, int workers, int warmupSeconds, int seconds, String label)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(app.base() + "/api/projects/" + KEY + "/predictions"))
        .header("Content-Type", "application/json").header("Authorization", authorization)
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    long measureFrom = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    long measureTo = measureFrom + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    long[][] latencies = new long[workers][];
    int[] counts = new int[workers];
    double load0 = loadAverage();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int id = w;
      Thread t = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (true) {
          long s = System.nanoTime();
          if (s >= measureTo) {
            break;
          }
          boolean ok;
          String error = null;
          try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            ok = r.statusCode() == 200;
            if (!ok) {
              error = "HTTP " + r.statusCode() + " " + r.body();
            }
          } catch (Exception e) {
            ok = false;
            error = e.toString();
          }
          long e = System.nanoTime();
          if (s >= measureFrom && e <= measureTo) {
            if (ok) {
              if (n == mine.length) {
                mine = Arrays.copyOf(mine, n * 2);
              }
              mine[n++] = e - s;
            } else {
              errors.incrementAndGet();
              firstError.compareAndSet(null, error);
            }
          }
        }
        latencies[id] = mine;
        counts[id] = n;
      }, "bench-worker-" + w);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int k = 0;
    for (int w = 0; w < workers; w++) {
      System.arraycopy(latencies[w], 0, all, k, counts[w]);
      k += counts[w];
    }
    Arrays.sort(all);
    String line = String.format(Locale.ROOT,
        "%s: %,7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d  (%,d ok in %d s; load %.2f -> %.2f)",
        label, total / (double) seconds, pct(all, 50) / 1e6, pct(all, 99) / 1e6,
        total == 0 ? 0 : all[total - 1] / 1e6, errors.get(), total, seconds, load0, loadAverage());
    System.out.println(line);
    if (firstError.get() != null) {
      System.out.println("  first error: " + firstError.get());
    }
    return new Run(line, total / (double) seconds, pct(all, 99) / 1e6);
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  // ------------------------------------------------------------------------------ profile

  /** Where the CPU goes: JFR execution samples of a further HTTP run, classified by stack. */
  static void profile(BenchApp app, int workers, int seconds) throws Exception {
    System.out.println();
    System.out.printf(Locale.ROOT, "=== JFR CPU profile of a %d s HTTP run with %d workers (not a measurement) ===%n",
        seconds, workers);
    Path file = Files.createTempFile("serving", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      http(app, BenchApp.basic("engineer"), workers, 1, seconds, "HTTP under JFR");
      recording.stop();
      recording.dump(file);
    }
    Map<String, Long> server = new TreeMap<>();
    Map<String, Long> threads = new TreeMap<>();
    Map<String, Long> serverLeaf = new java.util.HashMap<>();
    long serverTotal = 0;
    long all = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      all++;
      String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      String group = thread == null ? "?" : thread.startsWith("http-nio") ? "server (Tomcat http-nio-*)"
          : thread.startsWith("bench-worker") || thread.startsWith("HttpClient") ? "load generator (HttpClient)"
          : thread.replaceAll("[-#]?\\d+$", "");
      threads.merge(group, 1L, Long::sum);
      if (!group.startsWith("server")) {
        continue;
      }
      serverTotal++;
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      List<String> names = new ArrayList<>(frames.size());
      for (RecordedFrame f : frames) {
        names.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
      }
      server.merge(classify(names), 1L, Long::sum);
      for (String name : names) {
        if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
          serverLeaf.merge(name, 1L, Long::sum);
          break;
        }
      }
    }
    Files.deleteIfExists(file);
    System.out.printf(Locale.ROOT, "%,d CPU samples (Java threads only; GC and JIT threads are not sampled)%n", all);
    printShares("by thread", threads, all);
    printShares("server threads, by what the request was doing (first match from the list in the code)", server,
        serverTotal);
    Map<String, Long> topLeaves = new LinkedHashMap<>();
    serverLeaf.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(12)
        .forEach(en -> topLeaves.put(en.getKey(), en.getValue()));
    printShares("server threads, top first non-JDK frames", topLeaves, serverTotal);
  }

  /** Layers of a prediction request, by the method that enters them. */
  private static final String[][] LAYERS = {
      {".checkPassword", "auth: IdentityService.checkPassword"},
      {"PredictionService.log", "prediction log (JSON + INSERT)"},
      {"TrainedModel.predict", "model predict"},
      {"ProjectRepository.find", "project lookup (SELECT)"},
      {"ModelRegistry.production", "production model lookup (SELECT)"},
      {"PredictionService.predict", "PredictionService: transaction, metrics, other"},
      {"PredictionController.predict", "controller: JSON row conversion"},
      {"readWithMessageConverters", "Spring MVC: read JSON body"},
      {"writeWithMessageConverters", "Spring MVC: write JSON response"},
      {"EngineAuthenticationProvider.authenticate", "Basic authentication, outside checkPassword"},
      {"DispatcherServlet.", "Spring MVC dispatch, other"},
      {"ApplicationFilterChain.", "servlet filters, other"},
  };

  /**
   * The layer the sample is in: the layer entry closest to the top of the stack. Inside
   * checkPassword and the prediction log, also what the leaf is doing.
   */
  static String classify(List<String> frames) {
    for (int i = 0; i < frames.size(); i++) {
      String frame = frames.get(i);
      for (String[] layer : LAYERS) {
        if (frame.contains(layer[0])) {
          return layer[1] + detail(frames.subList(0, i));
        }
      }
    }
    return "Tomcat / NIO, other";
  }

  private static String detail(List<String> above) {
    for (String f : above) {
      if (f.contains("SHA") || f.contains("Digest") || f.contains("PasswordEncryptor") || f.contains("Base64")) {
        return " / hashing";
      }
      if (f.startsWith("org.h2.") || f.startsWith("com.zaxxer") || f.startsWith("org.apache.ibatis")) {
        return " / SQL (MyBatis, HikariCP, H2)";
      }
      if (f.startsWith("com.fasterxml.jackson")) {
        return " / JSON";
      }
    }
    return "";
  }

  private static void printShares(String title, Map<String, Long> counts, long total) {
    System.out.println("  " + title + ":");
    counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> System.out.printf(Locale.ROOT, "    %5.1f%%  %,7d  %s%n", 100.0 * e.getValue() / total,
            e.getValue(), e.getKey()));
  }
}
