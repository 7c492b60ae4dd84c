package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.MlpmProperties;
import io.mlpm.TestDatabase;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Part;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.training.ModelDevelopmentService;
import io.mlpm.training.ModelDevelopmentService.IterationPlan;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The evaluation scores every test row while it holds only a sample of them (real schema on H2). */
class StreamedEvaluationTest {

  @TempDir
  Path root;

  @Test
  void everyTestRowIsScoredWhileTheReportUsesTheSample() throws Exception {
    StringBuilder csv = new StringBuilder("x,y,label\n");
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < 160_000; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      csv.append(String.format(java.util.Locale.ROOT, "%.5f,%.5f,%s%n", x, y,
          x + 0.3 * random.nextGaussian() > 0.5 ? "yes" : "no"));
    }
    Files.writeString(root.resolve("many.csv"), csv);
    JdbcTemplate jdbc = TestDatabase.migrated();
    // The test part (32,000 rows) is more than the 1,000 an evaluation may hold, and more batches than
    // are handed to the scoring thread at a time.
    MlpmProperties properties = new MlpmProperties(
        new MlpmProperties.Datasets(root, 0, 0, 0, 0, 1000), null, null, null, null);
    DataPreparationService data = new DataPreparationService(jdbc, properties);
    ModelRegistry registry = new ModelRegistry(jdbc);
    long version = data.ingest("p", "many.csv").datasetVersionId();
    RecordedSplit split = data.prepare("p", "many.csv", version, new PreparationPlan("label",
        TaskType.CLASSIFICATION, List.of(), 42, 0.2, 0.2));
    long model = new ModelDevelopmentService(data, registry, properties).trainCandidate("p", split.splitId(), 1,
        "logistic_regression", new IterationPlan(List.of("logistic_regression"), 1, List.of(), "accuracy"));

    EvaluationOutcome outcome = new EvaluationService(data, registry, new EvaluationReports(jdbc), new io.mlpm.project.ProjectRepository(jdbc), null).evaluate(model,
        List.of(new SuccessCriterion("accuracy", ">=", 0.5)), null);

    // The same metrics as scoring all test rows at once, but ROC AUC, which comes from the sample.
    List<String[]> all = new ArrayList<>();
    List<String[]> sample = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    data.streamPart(split.splitId(), Part.TEST, new DataPreparationService.PartRows() {
      @Override
      public void columns(List<String> names) {
        columns.addAll(names);
      }

      @Override
      public void row(String[] cells, boolean inSample) {
        all.add(cells);
        if (inSample) {
          sample.add(cells);
        }
      }
    });
    assertThat(all).hasSize((int) split.counts().test());
    assertThat(sample.size()).isBetween(700, 1000);
    // The sample is the rows a step holding the test part would hold.
    assertThat(data.loadSplit(split.splitId(), EnumSet.of(Part.TEST)).data().test().rows())
        .usingRecursiveComparison().isEqualTo(sample);
    TrainedModel trained = TrainedModel.load(registry.artifact(model), registry.get(model).featureSchemaJson());
    Map<String, Double> everyRow = new ModelEvaluator().evaluate(trained, new io.mlpm.data.Dataset(columns, all),
        "label");
    assertThat(outcome.metrics()).containsEntry("accuracy", everyRow.get("accuracy"))
        .containsEntry("macro_f1", everyRow.get("macro_f1"));
    // summed in another order (the sample's rows of each batch first)
    assertThat(outcome.metrics().get("log_loss")).isCloseTo(everyRow.get("log_loss"),
        org.assertj.core.data.Offset.offset(1e-12));
    ModelEvaluator.Scoring onSample = new ModelEvaluator.Scoring(trained, columns, "label");
    onSample.add(sample, true);
    assertThat(outcome.metrics().get("roc_auc")).isEqualTo(onSample.metrics().get("roc_auc"));
    assertThat(registry.get(model).evaluationRows()).isEqualTo(String.format(java.util.Locale.ROOT,
        "evaluated on all %,d test rows (ROC AUC, charts, importance and fairness on a seeded sample of %,d)",
        all.size(), sample.size()));
    assertThat(new EvaluationReports(jdbc).find(model).orElseThrow().testRows()).isEqualTo(sample.size());
  }
}
