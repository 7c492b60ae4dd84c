package io.mlpm.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.data.CsvDatasetReader;
import io.mlpm.data.DataSplit;
import io.mlpm.data.Dataset;
import io.mlpm.data.DatasetSplitter;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.ModelTrainer;
import io.mlpm.training.TrainedModel;
import io.mlpm.training.TrainingResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole path on the real Iris table: read, split, train, evaluate, judge. */
class ModelEvaluatorTest {

  @Test
  void irisEndToEnd() {
    Dataset iris =
        new CsvDatasetReader().read(Path.of("src/test/resources/datasets/iris.csv")).dataset();
    DataSplit split = new DatasetSplitter().split(iris, "species", TaskType.CLASSIFICATION, 0.2, 42);
    TrainingResult result =
        new ModelTrainer().train(split.train(), "species", TaskType.CLASSIFICATION, 42);
    TrainedModel model = TrainedModel.load(result.modelBytes(), result.featureSchemaJson());

    Map<String, Double> metrics = new ModelEvaluator().evaluate(model, split.test(), "species");

    assertThat(metrics.keySet()).containsExactly("accuracy", "macro_f1", "weighted_f1",
        "macro_precision", "macro_recall", "roc_auc", "log_loss");
    assertThat(metrics.get("accuracy")).isGreaterThan(0.85);
    List<CriterionResult> verdict = CriteriaVerdict.check(
        List.of(new SuccessCriterion("accuracy", ">=", 0.8)), metrics);
    assertThat(CriteriaVerdict.allMet(verdict)).isTrue();
  }
}
