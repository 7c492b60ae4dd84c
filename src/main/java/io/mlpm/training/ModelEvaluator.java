package io.mlpm.training;

import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import io.mlpm.ml.Metrics;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scores a trained model on held-out rows with {@link Metrics}. */
public final class ModelEvaluator {

  public Map<String, Double> evaluate(TrainedModel model, Dataset test, String targetColumn) {
    int target = test.columnIndex(targetColumn);
    if (target < 0) {
      throw new IllegalArgumentException(
          "Target column '" + targetColumn + "' is not in the test data.");
    }
    List<Map<String, Object>> inputs = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    for (String[] row : test.rows()) {
      if (row[target] == null) {
        continue; // no truth to compare with
      }
      actual.add(row[target]);
      Map<String, Object> input = new HashMap<>();
      for (int c = 0; c < row.length; c++) {
        if (c != target) {
          input.put(test.columns().get(c), row[c]);
        }
      }
      inputs.add(input);
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("The test data has no rows with a target value.");
    }
    List<Prediction> predictions = model.predict(inputs);
    if (model.taskType() == TaskType.CLASSIFICATION) {
      return Metrics.classification(actual,
          predictions.stream().map(p -> (String) p.value()).toList(),
          predictions.stream().map(Prediction::probabilities).toList());
    }
    double[] truth = new double[actual.size()];
    for (int i = 0; i < truth.length; i++) {
      Double v = Cells.number(actual.get(i));
      if (v == null) {
        throw new IllegalArgumentException(
            "Test target value '" + actual.get(i) + "' is not a number.");
      }
      truth[i] = v;
    }
    double[] predicted = predictions.stream().mapToDouble(p -> (Double) p.value()).toArray();
    return Metrics.regression(truth, predicted);
  }
}
