package io.mlpm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.Dataset;
import io.mlpm.data.DatasetPreparation;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.PreparedData;
import io.mlpm.evaluation.EvaluationReporter;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.Algorithm;
import io.mlpm.training.CandidateResult;
import io.mlpm.training.CandidateTrainer;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.ModelSelection;
import io.mlpm.training.Selection;
import io.mlpm.training.TrainedModel;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Model development benchmark (a documented command, not a test): see BENCHMARKS.md and
 * bench/training-benchmark.sh.
 *
 * <pre>java -Xmx2g -cp ... io.mlpm.bench.TrainingBenchmark [rows] [rounds]</pre>
 *
 * Generates a seeded classification CSV (default 100,000 rows, 11 columns, numeric features with
 * missing values, categorical features, a non-linear target) under the benchmark's dataset root,
 * starts the application in-process (demo profile, fresh H2 file database), warms up with one full
 * run of each, and in each round measures (order alternating between rounds):
 * <ol>
 *   <li><b>direct</b>: the feature code in-process as the delegates call it: every default
 *       algorithm through {@link CandidateTrainer#train} (tuning budget 4, seed 42) one after the
 *       other, {@link ModelSelection#select}, then {@link ModelEvaluator} on the test split;</li>
 *   <li><b>orchestrated</b>: a real project over REST (admin starts, sponsor approves the charter,
 *       the data steward approves the prepared dataset); the time from completing
 *       {@code approveDataset} until {@code approveDeployment} is open, i.e. the whole
 *       {@code model-development} call activity with its async jobs. The candidates run one after
 *       the other there too: the multi-instance jobs of one process instance are exclusive.</li>
 * </ol>
 * Each run also prints its per-candidate times, the selected algorithm and test metrics; the
 * orchestrated run prints the engine's activity history (when each step started and ended).
 */
public final class TrainingBenchmark {

  static final String TARGET = "label";
  static final String METRIC = "accuracy";
  static final long SEED = 42L;
  private static final String[] SEGMENTS = {"retail", "online", "wholesale", "partner", "staff"};
  private static final String[] PLANS = {"basic", "plus", "premium"};
  private static final String[] REGIONS = new String[12];

  static {
    for (int i = 0; i < REGIONS.length; i++) {
      REGIONS[i] = String.format(Locale.ROOT, "region_%02d", i);
    }
  }

  record Candidate(String algorithm, long millis, int trials, double validation) {}

  record DirectRun(String mode, double prepSeconds, double prepCpuSeconds, double wallSeconds, double cpuSeconds,
      double gcSeconds, List<Candidate> candidates, String selected, Map<String, Double> testMetrics,
      double evaluateSeconds, double reportSeconds, double reportCpuSeconds) {
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path base = Path.of("target/bench/training").toAbsolutePath();
    Path datasets = base.resolve("datasets");
    Files.createDirectories(datasets);
    String fileName = "classification-" + rows + ".csv";
    Path file = datasets.resolve(fileName);
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      generate(file, rows);
      System.out.printf(Locale.ROOT, "generated %s (%d rows, %.1f MB) in %.1f s%n", file, rows,
          Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
    }
    Path dataDir = base.resolve("db-" + System.currentTimeMillis());
    System.out.printf(Locale.ROOT, "file %s: %.1f MB; JVM max heap %d MB, %d CPUs, %s; load %s%n", file,
        Files.size(file) / 1e6, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), load());

    long started = System.nanoTime();
    try (BenchApp app = BenchApp.start(dataDir, datasets, false)) {
      System.out.printf(Locale.ROOT, "application started in %.1f s on port %d%n",
          (System.nanoTime() - started) / 1e9, app.port);
      app.context.getBeansOfType(ThreadPoolTaskExecutor.class).forEach((name, e) -> System.out.printf(
          Locale.ROOT, "task executor %s: core %d, max %d, queue %d%n", name, e.getCorePoolSize(),
          e.getMaxPoolSize(), e.getQueueCapacity()));
      // Warm-up (JIT): one full direct run and one full orchestrated project, not counted.
      System.out.printf(Locale.ROOT, "%n=== warm-up (not counted; load %s) ===%n", load());
      print(directFromFile(file));
      orchestrated(app, fileName, "bench-warmup");
      List<String> summary = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf(Locale.ROOT, "%n=== round %d (load %s) ===%n", round, load());
        // Alternate the order so that drift (JIT, heap, other load) does not favour one side.
        DirectRun direct = null;
        double[] orch;
        if (round % 2 == 1) {
          direct = directFromFile(file);
          print(direct);
          orch = orchestrated(app, fileName, "bench-train-" + round);
        } else {
          orch = orchestrated(app, fileName, "bench-train-" + round);
          direct = directFromFile(file);
          print(direct);
        }
        String line = String.format(Locale.ROOT,
            "round %d: direct %.2f s (cpu %.1f s) | orchestrated %.2f s (cpu %.1f s) | overhead %+.1f%% wall,"
                + " %+.1f%% cpu | load %s",
            round, direct.wallSeconds(), direct.cpuSeconds(), orch[0], orch[1],
            100 * (orch[0] / direct.wallSeconds() - 1), 100 * (orch[1] / direct.cpuSeconds() - 1), load());
        summary.add(line);
        System.out.println(line);
      }
      System.out.println();
      System.out.println("=== summary (goal: orchestrated/direct - 1 < 10%) ===");
      summary.forEach(System.out::println);
    }
  }

  // ------------------------------------------------------------------------------------ direct

  static DirectRun directFromFile(Path file) throws Exception {
    long t0 = System.nanoTime();
    long prepCpu0 = cpuNanos();
    // As DataPreparationService.prepare/loadSplit: read (with SHA-256), then the recorded plan.
    Dataset dataset = new CsvDatasetReader().read(file).dataset();
    PreparationPlan plan = new PreparationPlan(TARGET, TaskType.CLASSIFICATION, List.of(), SEED,
        PreparationPlan.TEST_RATIO, PreparationPlan.VALIDATION_RATIO);
    PreparedData data = new DatasetPreparation().prepare(dataset, plan);
    double prep = (System.nanoTime() - t0) / 1e9;
    double prepCpu = (cpuNanos() - prepCpu0) / 1e9;

    long gc0 = gcMillis();
    long cpu0 = cpuNanos();
    long start = System.nanoTime();
    List<CandidateResult> results = new ArrayList<>();
    List<Candidate> candidates = new ArrayList<>();
    for (Algorithm a : Algorithm.defaults(TaskType.CLASSIFICATION)) {
      Object[] r = trainOne(a, data);
      results.add((CandidateResult) r[0]);
      candidates.add((Candidate) r[1]);
    }
    Selection selection = ModelSelection.select(results, METRIC);
    long evalStart = System.nanoTime();
    // As EvaluationService: the selected model is loaded from its stored bytes, then scored on test.
    TrainedModel model = TrainedModel.load(selection.selected().model().modelBytes(),
        selection.selected().model().featureSchemaJson());
    Map<String, Double> metrics = new ModelEvaluator().evaluate(model, data.test(), TARGET);
    // The evaluation report (confusion matrix, ROC, permutation importance) is part of the same
    // evaluation code evaluateModel runs, so it is counted (timed separately for the breakdown).
    long r0 = System.nanoTime();
    long rc0 = cpuNanos();
    new EvaluationReporter().report(model, data.test(), TARGET, METRIC, null, SEED);
    double report = (System.nanoTime() - r0) / 1e9;
    double reportCpu = (cpuNanos() - rc0) / 1e9;
    long end = System.nanoTime();
    double cpu = (cpuNanos() - cpu0) / 1e9;
    double gc = (gcMillis() - gc0) / 1e3;
    return new DirectRun("direct", prep, prepCpu, (end - start) / 1e9, cpu, gc, candidates,
        selection.selected().algorithm(), new TreeMap<>(metrics), (end - evalStart) / 1e9, report, reportCpu);
  }

  private static Object[] trainOne(Algorithm a, PreparedData data) {
    long t = System.nanoTime();
    CandidateResult r = new CandidateTrainer().train(a.code(), data.train(), data.validation(), TARGET,
        TaskType.CLASSIFICATION, METRIC, CandidateTrainer.DEFAULT_TUNING_BUDGET, SEED);
    long ms = (System.nanoTime() - t) / 1_000_000;
    return new Object[] {r, new Candidate(a.code(), ms, r.trials().size(), r.validationMetrics().get(METRIC))};
  }

  private static void print(DirectRun r) {
    System.out.printf(Locale.ROOT, "%s: read+prepare %.2f s (not counted); train+select+evaluate %.2f s wall, %.2f s"
        + " cpu (of which GC pauses %.2f s)%n", r.mode(), r.prepSeconds(), r.wallSeconds(), r.cpuSeconds(),
        r.gcSeconds());
    for (Candidate c : r.candidates()) {
      System.out.printf(Locale.ROOT, "  candidate %-20s %7d ms, %d trials, validation %s %.4f%n", c.algorithm(),
          c.millis(), c.trials(), METRIC, c.validation());
    }
    System.out.printf(Locale.ROOT, "  selected %s; load+evaluate on test %.2f s: %s%n", r.selected(),
        r.evaluateSeconds(), format(r.testMetrics()));
    System.out.printf(Locale.ROOT, "  breakdown: CSV read+SHA-256+prepare %.2f s wall / %.2f s cpu (not counted; the"
        + " app rebuilds the split once per iteration and caches it); EvaluationReporter.report %.2f s wall / %.2f s"
        + " cpu (counted)%n", r.prepSeconds(), r.prepCpuSeconds(), r.reportSeconds(), r.reportCpuSeconds());
  }

  // ------------------------------------------------------------------------------ orchestrated

  /** @return {wall seconds, process cpu seconds} from completing approveDataset to approveDeployment open */
  static double[] orchestrated(BenchApp app, String datasetUri, String key) throws Exception {
    Map<String, Object> charter = new LinkedHashMap<>();
    charter.put("projectName", "Training benchmark " + key);
    charter.put("businessProblem", "Measure the orchestration overhead of model development");
    charter.put("sponsor", "sponsor");
    charter.put("datasetUri", datasetUri);
    charter.put("targetColumn", TARGET);
    charter.put("taskType", "classification");
    charter.put("successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.6}]");
    charter.put("maxIterations", 3);
    long t = System.nanoTime();
    app.startProject("admin", key, charter);
    app.complete("sponsor", app.awaitTask(key, "approveCharter", Duration.ofMinutes(2), 50), "approved", true,
        "comment", "benchmark");
    Task dataset = app.awaitTask(key, "approveDataset", Duration.ofMinutes(20), 50);
    System.out.printf(Locale.ROOT, "orchestrated %s: start + charter + data preparation (ingest, profile, prepare)"
        + " %.2f s (not counted)%n", key, (System.nanoTime() - t) / 1e9);

    long gc0 = gcMillis();
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    long wall0 = System.currentTimeMillis();
    app.complete("steward", dataset, "approved", true, "comment", "benchmark");
    long returned = System.nanoTime();
    // Polled rarely (the poll costs CPU too); the end is the task's creation time in the history.
    Task deployment = app.awaitTask(key, "approveDeployment", Duration.ofMinutes(60), 100);
    double cpu = (cpuNanos() - cpu0) / 1e9;
    double gc = (gcMillis() - gc0) / 1e3;
    double wall = (deployment.getCreateTime().getTime() - wall0) / 1e3;
    System.out.printf(Locale.ROOT, "orchestrated %s: approveDataset completion (REST call %d ms) -> approveDeployment"
        + " created: %.2f s wall, %.2f s cpu (of which GC pauses %.2f s; cpu until the poll noticed, <= 100 ms"
        + " later)%n", key, (returned - t0) / 1_000_000, wall, cpu, gc);
    history(app, key, wall0);
    return new double[] {wall, cpu};
  }

  private static void history(BenchApp app, String key, long wall0) {
    HistoryService history = app.bean(HistoryService.class);
    RuntimeService runtime = app.bean(RuntimeService.class);
    HistoricProcessInstance lifecycle = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey("ml-project-lifecycle").processInstanceBusinessKey(key).singleResult();
    HistoricProcessInstance md = history.createHistoricProcessInstanceQuery()
        .processDefinitionKey("model-development").processInstanceBusinessKey(key).singleResult();
    Map<String, String> algorithmByExecution = new HashMap<>();
    for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery().processInstanceId(md.getId())
        .variableName("algorithm").list()) {
      algorithmByExecution.put(v.getExecutionId(), String.valueOf(v.getValue()));
      algorithmByExecution.put(v.getActivityInstanceId(), String.valueOf(v.getValue()));
    }
    List<HistoricActivityInstance> steps = new ArrayList<>();
    steps.addAll(history.createHistoricActivityInstanceQuery().processInstanceId(lifecycle.getId())
        .activityId("developModel").list());
    steps.addAll(history.createHistoricActivityInstanceQuery().processInstanceId(md.getId()).list());
    steps.sort((a, b) -> a.getStartTime().compareTo(b.getStartTime()));
    System.out.println("  engine history (start and end in ms after approveDataset was sent):");
    long delegates = 0;
    for (HistoricActivityInstance a : steps) {
      long s = a.getStartTime().getTime() - wall0;
      Long e = a.getEndTime() == null ? null : a.getEndTime().getTime() - wall0;
      String alg = algorithmByExecution.getOrDefault(a.getId(), algorithmByExecution.get(a.getExecutionId()));
      if (a.getActivityType().equals("serviceTask") && a.getDurationInMillis() != null) {
        delegates += a.getDurationInMillis();
      }
      System.out.printf(Locale.ROOT, "    %-26s %-16s %7d .. %7s  (%s ms)%s%n", a.getActivityId(),
          a.getActivityType(), s, e == null ? "-" : e, a.getDurationInMillis(),
          alg != null && a.getActivityId().equals("trainCandidates") ? "  " + alg : "");
    }
    System.out.printf(Locale.ROOT, "  sum of service-task durations: %d ms%n", delegates);
    List<HistoricJobLog> failures = history.createHistoricJobLogQuery().processInstanceId(md.getId()).failureLog()
        .list();
    System.out.printf(Locale.ROOT, "  failed job executions in model-development: %d%n", failures.size());
    for (HistoricJobLog f : failures) {
      System.out.printf(Locale.ROOT, "    %s: %s%n", f.getActivityId(), f.getJobExceptionMessage());
    }
    for (ModelVersion c : app.bean(ModelRegistry.class).list(key)) {
      long trials = 0;
      int n = 0;
      try {
        for (JsonNode trial : BenchApp.JSON.readTree(c.trialsJson())) {
          trials += trial.get("durationMillis").asLong();
          n++;
        }
      } catch (Exception ignored) {
        // reported as 0
      }
      System.out.printf(Locale.ROOT, "  candidate %-20s %7d ms in %d trials (registry), validation %s%n",
          c.algorithm(), trials, n, c.validationMetricsJson());
    }
    String pi = lifecycle.getId();
    System.out.printf(Locale.ROOT, "  selected %s; test metrics %s%n", runtime.getVariable(pi, "selectedAlgorithm"),
        runtime.getVariable(pi, "metrics"));
  }

  // --------------------------------------------------------------------------------- data

  /**
   * 11 columns: age (int, 3% missing), income (log-normal, 5% missing), tenure_months (int),
   * x1, x2 (uniform, x2 4% missing), noise (gaussian), segment (5), region (12, 2% missing),
   * plan (3), has_card (yes/no), label (yes/no). The label is an XOR of the signs of x1 and x2,
   * flipped for old customers of the retail and online segments, with 5% of labels flipped at
   * random: a linear model cannot learn it, a forest can.
   */
  static void generate(Path file, int rows) throws Exception {
    SplittableRandom r = new SplittableRandom(20240607);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write("age,income,tenure_months,x1,x2,noise,segment,region,plan,has_card,label\n");
      StringBuilder line = new StringBuilder(160);
      for (int i = 0; i < rows; i++) {
        int age = 18 + r.nextInt(63);
        double income = Math.exp(10.3 + 0.5 * gaussian(r));
        int tenure = r.nextInt(121);
        double x1 = -1 + 2 * r.nextDouble();
        double x2 = -1 + 2 * r.nextDouble();
        double noise = gaussian(r);
        String segment = SEGMENTS[r.nextInt(SEGMENTS.length)];
        String region = REGIONS[r.nextInt(REGIONS.length)];
        String plan = PLANS[r.nextInt(PLANS.length)];
        boolean card = r.nextDouble() < 0.4;
        boolean positive = (x1 > 0) == (x2 > 0);
        if (age > 55 && (segment.equals("retail") || segment.equals("online"))) {
          positive = !positive;
        }
        if (plan.equals("premium") && income > 40_000 && r.nextDouble() < 0.5) {
          positive = true;
        }
        if (r.nextDouble() < 0.05) {
          positive = !positive;
        }
        line.setLength(0);
        line.append(r.nextDouble() < 0.03 ? "" : Integer.toString(age)).append(',')
            .append(r.nextDouble() < 0.05 ? "" : fmt(income, 2)).append(',')
            .append(tenure).append(',')
            .append(fmt(x1, 5)).append(',')
            .append(r.nextDouble() < 0.04 ? "" : fmt(x2, 5)).append(',')
            .append(fmt(noise, 5)).append(',')
            .append(segment).append(',')
            .append(r.nextDouble() < 0.02 ? "" : region).append(',')
            .append(plan).append(',')
            .append(card ? "yes" : "no").append(',')
            .append(positive ? "yes" : "no").append('\n');
        out.write(line.toString());
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static String fmt(double d, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", d);
  }

  static String format(Map<String, Double> metrics) {
    StringBuilder s = new StringBuilder();
    metrics.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
        .append(String.format(Locale.ROOT, "%.4f", v)));
    return s.toString();
  }

  static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0] + " (1-min) at "
          + LocalDateTime.now().withNano(0);
    } catch (Exception e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
