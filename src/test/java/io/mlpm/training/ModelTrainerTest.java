package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DataSplit;
import io.mlpm.data.Dataset;
import io.mlpm.data.DatasetSplitter;
import io.mlpm.ml.TaskType;
import io.mlpm.training.ModelEvaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelTrainerTest {

  final ModelTrainer trainer = new ModelTrainer();
  DataSplit tiers;
  TrainingResult tierResult;
  DataSplit houses;
  TrainingResult houseResult;

  @BeforeAll
  void train() {
    tiers = new DatasetSplitter().split(SyntheticData.customerTiers(600, 11), "tier",
        TaskType.CLASSIFICATION, 0.25, 42);
    tierResult = trainer.train(tiers.train(), "tier", TaskType.CLASSIFICATION, 42);
    houses = new DatasetSplitter().split(SyntheticData.housePrices(500, 5), "price",
        TaskType.REGRESSION, 0.25, 42);
    houseResult = trainer.train(houses.train(), "price", TaskType.REGRESSION, 42);
  }

  @Test
  void classificationBeatsChanceClearly() {
    TrainedModel model = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    Map<String, Double> metrics = new ModelEvaluator().evaluate(model, tiers.test(), "tier");
    assertThat(metrics.get("accuracy")).isGreaterThan(0.8); // chance is 1/3
    assertThat(metrics.get("roc_auc")).isGreaterThan(0.9);
    assertThat(tierResult.algorithm()).isEqualTo("logistic_regression");
    assertThat(tierResult.parameters()).containsEntry("seed", "42").containsKeys("epochs",
        "learning_rate");
    assertThat(tierResult.provenance()).contains("LinearSGDTrainer").contains("seed");
  }

  @Test
  void schemaRecordsPreprocessing() throws Exception {
    FeatureSchema schema = FeatureSchema.fromJson(tierResult.featureSchemaJson());
    assertThat(schema.columns()).extracting(FeatureColumn::name)
        .containsExactly("income", "visits", "noise", "region");
    FeatureColumn income = schema.columns().get(0);
    assertThat(income.kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(income.mean()).isBetween(40_000.0, 70_000.0);
    assertThat(income.std()).isPositive();
    assertThat(schema.columns().get(3).categories()).containsExactly("east", "north", "south");
    assertThat(schema.skipped()).containsExactly(
        new SkippedColumn("currency", "constant in the training data"));
    // Plain JSON, readable by any tool.
    assertThat(new ObjectMapper().readTree(tierResult.featureSchemaJson()).get("taskType")
        .asText()).isEqualTo("CLASSIFICATION");
  }

  @Test
  void regressionExplainsMostVariance() {
    TrainedModel model =
        TrainedModel.load(houseResult.modelBytes(), houseResult.featureSchemaJson());
    Map<String, Double> metrics = new ModelEvaluator().evaluate(model, houses.test(), "price");
    assertThat(metrics.get("r2")).isGreaterThan(0.8);
    assertThat(houseResult.algorithm()).isEqualTo("linear_regression");
    assertThat(model.taskType()).isEqualTo(TaskType.REGRESSION);
    assertThat(model.predict(List.of(row(houses.test(), 0))).get(0).probabilities()).isNull();
  }

  @Test
  void roundTripGivesSamePredictions() {
    TrainedModel first = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    // Second load from copies, as after storing bytes and JSON in the database and reading back.
    TrainedModel second = TrainedModel.load(tierResult.modelBytes().clone(),
        first.schema().toJson());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < tiers.test().size(); i++) {
      rows.add(row(tiers.test(), i));
    }
    List<Prediction> a = first.predict(rows);
    List<Prediction> b = second.predict(rows);
    assertThat(b).isEqualTo(a);
    assertThat(a.get(0).value()).isIn((Object[]) SyntheticData.CLASSES);
    assertThat(a.get(0).probabilities().keySet()).containsExactly("bronze", "gold", "silver");
    assertThat(a.get(0).probabilities().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void sameSeedSameModel() {
    TrainingResult again = trainer.train(tiers.train(), "tier", TaskType.CLASSIFICATION, 42);
    TrainedModel a = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    TrainedModel b = TrainedModel.load(again.modelBytes(), again.featureSchemaJson());
    List<Map<String, Object>> rows = List.of(row(tiers.test(), 0), row(tiers.test(), 1));
    assertThat(b.predict(rows)).isEqualTo(a.predict(rows));
  }

  @Test
  void acceptsTypedValuesNullsUnknownCategoriesAndExtraKeys() {
    TrainedModel model = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    Map<String, Object> typed = new HashMap<>();
    typed.put("income", 90_000);
    typed.put("visits", "9.5");
    typed.put("noise", null);
    typed.put("region", "east");
    typed.put("unrelated", "ignored");
    Map<String, Object> empty = new HashMap<>();
    empty.put("income", null);
    empty.put("visits", null);
    empty.put("noise", " ");
    empty.put("region", "atlantis");
    List<Prediction> p = model.predict(List.of(typed, empty));
    assertThat(p.get(0).value()).isEqualTo("gold");
    assertThat(p.get(1).value()).isNotNull();
    assertThat(model.featureColumns()).containsExactly("income", "visits", "noise", "region");
  }

  @Test
  void missingOrNonNumericFeatureIsRejected() {
    TrainedModel model = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    Map<String, Object> ok = row(tiers.test(), 0);
    Map<String, Object> missing = new HashMap<>(ok);
    missing.remove("visits");
    assertThatThrownBy(() -> model.predict(List.of(ok, missing)))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessage("Row 1, column 'visits': the feature column is missing.");
    Map<String, Object> text = new HashMap<>(ok);
    text.put("income", "lots");
    assertThatThrownBy(() -> model.predict(List.of(text)))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessage("Row 0, column 'income': 'lots' is not a number.");
  }

  @Test
  void aLongListIsPredictedInPartsAsEachRowAlone() {
    TrainedModel model = TrainedModel.load(tierResult.modelBytes(), tierResult.featureSchemaJson());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 3 * TrainedModel.PARALLEL_ROWS + 17; i++) {
      rows.add(row(tiers.test(), i % tiers.test().rows().size()));
    }
    List<Prediction> together = model.predict(rows);
    assertThat(together).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i += 97) {
      assertThat(together.get(i)).isEqualTo(model.predict(List.of(rows.get(i))).get(0));
    }
    assertThat(together.get(rows.size() - 1)).isEqualTo(model.predict(List.of(rows.get(rows.size() - 1))).get(0));
    // A bad row in a later part is named by its index in the whole list.
    int bad = 2 * TrainedModel.PARALLEL_ROWS + 5;
    Map<String, Object> missing = new HashMap<>(rows.get(bad));
    missing.remove("visits");
    rows.set(bad, missing);
    assertThatThrownBy(() -> model.predict(rows))
        .isInstanceOf(InvalidFeatureException.class)
        .hasMessage("Row " + bad + ", column 'visits': the feature column is missing.");
  }

  @Test
  void rejectsGarbageModelBytes() {
    assertThatThrownBy(() -> TrainedModel.load(new byte[] {1, 2, 3},
        tierResult.featureSchemaJson())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TrainedModel.load(houseResult.modelBytes(),
        tierResult.featureSchemaJson())).hasMessageContaining("does not predict classification");
  }

  static Map<String, Object> row(Dataset d, int i) {
    Map<String, Object> row = new HashMap<>();
    for (int c = 0; c < d.columns().size(); c++) {
      row.put(d.columns().get(c), d.rows().get(i)[c]);
    }
    return row;
  }
}
