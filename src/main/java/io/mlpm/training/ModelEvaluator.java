package io.mlpm.training;

import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import io.mlpm.ml.Metrics;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Scores a trained model on held-out rows with {@link Metrics}. */
public final class ModelEvaluator {

  public Map<String, Double> evaluate(TrainedModel model, Dataset test, String targetColumn) {
    Scoring scoring = new Scoring(model, test.columns(), targetColumn);
    scoring.add(test.rows(), true);
    return scoring.metrics();
  }

  /**
   * A model scored batch by batch (a test split streamed from its file): the metrics accumulate
   * row by row over every row given; ROC AUC, which needs the scores together, comes from the rows
   * given with {@code forAuc} (all of them, or a recorded sample). Not thread-safe.
   */
  public static final class Scoring {
    private final TrainedModel model;
    private final TaskType type;
    private final List<String> columns;
    private final Map<String, Integer> index = new HashMap<>();
    private final int target;
    private final String targetColumn;
    private final Metrics.ClassificationTally labels = new Metrics.ClassificationTally();
    private final Metrics.RegressionTally values = new Metrics.RegressionTally();
    private final List<String> aucActual = new ArrayList<>();
    private final List<Map<String, Double>> aucProbabilities = new ArrayList<>();
    private final TreeSet<String> aucClasses = new TreeSet<>();
    private boolean probabilities = true;

    public Scoring(TrainedModel model, List<String> columns, String targetColumn) {
      this(model, model.taskType(), columns, targetColumn);
    }

    /** Predictions made elsewhere (an external trainer's), given one by one with {@link #addPredicted}. */
    public Scoring(TaskType type, List<String> columns, String targetColumn) {
      this(null, type, columns, targetColumn);
    }

    private Scoring(TrainedModel model, TaskType type, List<String> columns, String targetColumn) {
      this.model = model;
      this.type = type;
      this.columns = List.copyOf(columns);
      this.target = columns.indexOf(targetColumn);
      this.targetColumn = targetColumn;
      for (int c = 0; c < columns.size(); c++) {
        index.put(columns.get(c), c);
      }
      if (target < 0) {
        throw new IllegalArgumentException("Target column '" + targetColumn + "' is not in the test data.");
      }
    }

    /** Scores the rows (those without a target value are skipped: no truth to compare with). */
    public void add(List<String[]> rows, boolean forAuc) {
      List<Map<String, Object>> inputs = new ArrayList<>(rows.size());
      List<String> actual = new ArrayList<>(rows.size());
      for (String[] row : rows) {
        if (row[target] == null) {
          continue;
        }
        actual.add(row[target]);
        inputs.add(new RowInput(index, target, row));
      }
      if (inputs.isEmpty()) {
        return;
      }
      List<Prediction> predictions = model.predict(inputs);
      for (int i = 0; i < predictions.size(); i++) {
        addPredicted(actual.get(i), predictions.get(i), forAuc);
      }
    }

    /** The target column's position in the rows given. */
    public int target() {
      return target;
    }

    /** One row's truth and prediction (a row without a target value has no truth: not given). */
    public void addPredicted(String actual, Prediction p, boolean forAuc) {
      if (type == TaskType.CLASSIFICATION) {
        labels.add(actual, (String) p.value(), p.probabilities());
        probabilities &= p.probabilities() != null;
        if (forAuc && p.probabilities() != null) {
          aucActual.add(actual);
          aucProbabilities.add(p.probabilities());
          aucClasses.add(actual);
          aucClasses.add((String) p.value());
        }
      } else {
        Double truth = Cells.number(actual);
        if (truth == null) {
          throw new IllegalArgumentException("Test target value '" + actual + "' is not a number.");
        }
        values.add(truth, (Double) p.value());
      }
    }

    /** The rows scored. */
    public long rows() {
      return type == TaskType.CLASSIFICATION ? labels.rows() : values.rows();
    }

    /** The rows ROC AUC was computed on. */
    public long aucRows() {
      return aucActual.size();
    }

    /** As {@link Metrics#classification} or {@link Metrics#regression} over every row scored. */
    public Map<String, Double> metrics() {
      if (rows() == 0) {
        throw new IllegalArgumentException("The test data has no rows with a target value ('" + targetColumn
            + "').");
      }
      if (type != TaskType.CLASSIFICATION) {
        return values.metrics();
      }
      Double auc = probabilities && !aucActual.isEmpty()
          ? Metrics.rocAuc(aucActual, aucProbabilities, new ArrayList<>(aucClasses)) : null;
      return labels.metrics(auc);
    }
  }

  /**
   * A test row as the model's input, read through the columns' shared index: no map of its own
   * per row (a test split has millions). The target is not an input.
   */
  private static final class RowInput extends java.util.AbstractMap<String, Object> {
    private final Map<String, Integer> index;
    private final int target;
    private final String[] row;

    RowInput(Map<String, Integer> index, int target, String[] row) {
      this.index = index;
      this.target = target;
      this.row = row;
    }

    @Override
    public boolean containsKey(Object key) {
      Integer i = index.get(key);
      return i != null && i != target;
    }

    @Override
    public Object get(Object key) {
      Integer i = index.get(key);
      return i == null || i == target ? null : row[i];
    }

    @Override
    public java.util.Set<Map.Entry<String, Object>> entrySet() {
      java.util.Set<Map.Entry<String, Object>> entries = new java.util.LinkedHashSet<>();
      index.forEach((name, i) -> {
        if (i != target) {
          entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, row[i]));
        }
      });
      return entries;
    }
  }
}
