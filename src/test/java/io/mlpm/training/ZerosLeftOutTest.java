package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A row's zero features are left out of the examples given to Tribuo's linear and tree models
 * (they read an absent feature as 0): the predictions must be exactly those of every value given,
 * a row whose features are all zero included.
 */
class ZerosLeftOutTest {

  @ParameterizedTest
  @CsvSource({
      "logistic_regression, CLASSIFICATION",
      "random_forest, CLASSIFICATION",
      "gradient_boosting, CLASSIFICATION",
      "linear_regression, REGRESSION",
      "random_forest, REGRESSION",
      "gradient_boosting, REGRESSION"})
  void predictionsAreThoseOfEveryValueGiven(String algorithm, TaskType type) {
    Dataset data = data(type, 3);
    String target = target(type);
    Algorithm alg = Algorithm.of(algorithm, type);
    TrainingResult trained = new ModelTrainer().train(alg, alg.defaultParameters(), data, target, type, 42);
    TrainedModel model = TrainedModel.load(trained.modelBytes(), trained.featureSchemaJson());

    List<Map<String, Object>> rows = inputs(data, target);
    // Every feature zero: numbers at their training mean (missing imputes it), an unseen category.
    Map<String, Object> allZero = new HashMap<>();
    for (String column : model.featureColumns()) {
      allZero.put(column, model.schema().columns().stream().filter(f -> f.name().equals(column))
          .findFirst().orElseThrow().kind() == FeatureKind.NUMERIC ? null : "never-seen");
    }
    rows.add(allZero);

    assertThat(model.predict(rows)).isEqualTo(model.givenEveryValue().predict(rows));
  }

  @ParameterizedTest
  @CsvSource({
      "logistic_regression, CLASSIFICATION",
      "random_forest, CLASSIFICATION",
      "linear_regression, REGRESSION",
      "random_forest, REGRESSION"})
  void aModelTrainedWithoutItsZerosIsTheModelTrainedWithThem(String algorithm, TaskType type) {
    Dataset data = data(type, 5);
    String target = target(type);
    ModelTrainer trainer = new ModelTrainer();
    Algorithm alg = Algorithm.of(algorithm, type);
    Map<String, String> parameters = ModelTrainer.resolve(alg, alg.defaultParameters(), type);
    ModelTrainer.Preparation how = ModelTrainer.preparation(alg, parameters);
    assertThat(how.zerosGiven()).isFalse();
    TrainedModel without = trainer.fit(alg, parameters, trainer.prepare(data, target, type, how), 42)
        .trainedModel();
    TrainedModel with = trainer.fit(alg, parameters,
        trainer.prepare(data, target, type, new ModelTrainer.Preparation(how.numericBins(), true)), 42)
        .trainedModel().givenEveryValue();
    List<Map<String, Object>> rows = inputs(data, target);
    assertThat(without.predict(rows)).isEqualTo(with.predict(rows));
  }

  private static Dataset data(TaskType type, long seed) {
    return type == TaskType.CLASSIFICATION ? SyntheticData.customerTiers(400, seed)
        : SyntheticData.housePrices(400, seed);
  }

  private static String target(TaskType type) {
    return type == TaskType.CLASSIFICATION ? "tier" : "price";
  }

  private static List<Map<String, Object>> inputs(Dataset data, String target) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int targetAt = data.columns().indexOf(target);
    for (String[] cells : data.rows()) {
      Map<String, Object> row = new HashMap<>();
      for (int c = 0; c < cells.length; c++) {
        if (c != targetAt) {
          row.put(data.columns().get(c), cells[c]);
        }
      }
      rows.add(row);
    }
    return rows;
  }
}
