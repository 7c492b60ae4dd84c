package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.charter.TaskType;
import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times tuning all default candidates on 100,000 training rows with 10 feature columns. Off by
 * default; run with {@code mvn -o test -Dtest=CandidateBenchmarkTest -Dmlpm.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "mlpm.benchmark", matches = "true")
class CandidateBenchmarkTest {

  private static final Logger log = LoggerFactory.getLogger(CandidateBenchmarkTest.class);

  @Test
  void allDefaultCandidatesOn100kRows() {
    for (TaskType type : TaskType.values()) {
      Dataset train = table(100_000, 1, type);
      Dataset validation = table(20_000, 2, type);
      String metric = type == TaskType.CLASSIFICATION ? "accuracy" : "r2";
      long start = System.nanoTime();
      List<String> lines = new ArrayList<>();
      for (Algorithm a : Algorithm.defaults(type)) {
        long t = System.nanoTime();
        CandidateResult c = new CandidateTrainer().train(a.code(), train, validation, "target",
            type, metric, CandidateTrainer.DEFAULT_TUNING_BUDGET, 42);
        lines.add(String.format(Locale.ROOT, "%s: %d trials in %.1f s, best %s %.4f, %d bytes",
            a.code(), c.trials().size(), (System.nanoTime() - t) / 1e9, metric,
            c.validationMetrics().get(metric), c.model().modelBytes().length));
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      log.info("BENCHMARK {} total {} s:\n  {}", type.code(),
          String.format(Locale.ROOT, "%.1f", seconds), String.join("\n  ", lines));
      assertThat(seconds).isLessThan(180);
      // The largest forest of the grid, trained and scored once.
      long t = System.nanoTime();
      TrainingResult big = new CandidateTrainer().retrain("random_forest", java.util.Map.of(
          "trees", "50", "max_depth", "14", "feature_fraction", "1.0"), train, "target", type, 42);
      long trained = System.nanoTime();
      var metrics = new io.mlpm.evaluation.ModelEvaluator().evaluate(
          TrainedModel.load(big.modelBytes(), big.featureSchemaJson()), validation, "target");
      log.info("BENCHMARK {} largest forest: trained in {} s, scored 20k rows in {} s, {} {}, "
              + "{} bytes, provenance {} chars", type.code(),
          String.format(Locale.ROOT, "%.1f", (trained - t) / 1e9),
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - trained) / 1e9), metric,
          metrics.get(metric), big.modelBytes().length, big.provenance().length());
    }
  }

  /** 8 numeric columns (continuous, all values distinct) and 2 categorical; non-linear target. */
  static Dataset table(int n, long seed, TaskType type) {
    Random r = new Random(seed);
    String[] regions = {"north", "south", "east", "west", "centre"};
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[8];
      for (int j = 0; j < 8; j++) {
        x[j] = j % 2 == 0 ? r.nextGaussian() * (j + 1) * 100 : Math.exp(r.nextGaussian());
      }
      String region = regions[r.nextInt(regions.length)];
      String plan = r.nextBoolean() ? "basic" : "premium";
      double score = Math.sin(x[0] / 100) * 2 + (x[1] > 1.5 ? 1.5 : -0.5) + x[2] / 300 * x[3]
          + (region.equals("east") ? 1 : 0) + (plan.equals("premium") ? 0.7 : 0)
          + r.nextGaussian() * 0.5;
      String target = type == TaskType.CLASSIFICATION
          ? (score < -0.5 ? "low" : score < 1.0 ? "mid" : "high")
          : String.format(Locale.ROOT, "%.5f", score * 1000);
      String[] row = new String[11];
      for (int j = 0; j < 8; j++) {
        row[j] = r.nextDouble() < 0.02 ? null : String.format(Locale.ROOT, "%.6f", x[j]);
      }
      row[8] = region;
      row[9] = plan;
      row[10] = target;
      rows.add(row);
    }
    return new Dataset(List.of("x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "region", "plan",
        "target"), rows);
  }
}
