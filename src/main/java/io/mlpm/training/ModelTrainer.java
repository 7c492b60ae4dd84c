package io.mlpm.training;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.mlpm.charter.TaskType;
import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Trains a linear model with Tribuo on a training split: logistic regression for
 * classification, least-squares linear regression for regression. Preprocessing (imputation,
 * standardization, one-hot encoding) is done here, recorded in a {@link FeatureSchema}, and
 * replayed by {@link TrainedModel}.
 */
public final class ModelTrainer {

  private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

  static final int CLASSIFICATION_EPOCHS = 10;
  static final int REGRESSION_EPOCHS = 20;
  static final double CLASSIFICATION_LEARNING_RATE = 1.0;
  static final double REGRESSION_LEARNING_RATE = 0.1;
  static final double ADAGRAD_EPSILON = 0.1;
  /** Tribuo's progress logging interval; -1 turns its per-epoch loss logging off. */
  private static final int NO_TRIBUO_LOGGING = -1;

  public TrainingResult train(Dataset train, String targetColumn, TaskType type, long seed) {
    int target = train.columnIndex(targetColumn);
    if (target < 0) {
      throw new IllegalArgumentException(
          "Target column '" + targetColumn + "' is not in the training data.");
    }
    List<String[]> rows = labelledRows(train, target, type);
    FeatureSchema schema = FeatureSchemaFitter.fit(train, rows, target, type);
    if (schema.columns().isEmpty()) {
      throw new IllegalArgumentException(
          "No usable feature columns: every column besides the target was left out "
              + schema.skipped() + ".");
    }
    schema.skipped().forEach(s -> log.info("Column '{}' left out: {}", s.name(), s.reason()));
    String[] names = schema.featureNames();
    int[] sources = sourceIndices(train, schema);
    log.info("Training {} on {} rows with {} features from {} columns (seed {})",
        type.code(), rows.size(), names.length, schema.columns().size(), seed);
    long start = System.nanoTime();
    TrainingResult result = type == TaskType.CLASSIFICATION
        ? classification(rows, target, schema, names, sources, seed)
        : regression(rows, target, schema, names, sources, seed);
    log.info("Trained {} in {} ms", result.algorithm(), (System.nanoTime() - start) / 1_000_000);
    return result;
  }

  private TrainingResult classification(List<String[]> rows, int target, FeatureSchema schema,
      String[] names, int[] sources, long seed) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(provenance(rows, factory), factory);
    for (String[] row : rows) {
      data.add(new ArrayExample<>(new Label(row[target]), names, encode(schema, row, sources)));
    }
    if (data.getOutputs().size() < 2) {
      throw new IllegalArgumentException("Classification needs at least 2 classes in the target.");
    }
    // LogMulticlass + AdaGrad is what Tribuo's LogisticRegressionTrainer uses; this constructor
    // additionally takes our seed and epoch count, which that class does not expose.
    var trainer = new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
        new AdaGrad(CLASSIFICATION_LEARNING_RATE, ADAGRAD_EPSILON), CLASSIFICATION_EPOCHS,
        NO_TRIBUO_LOGGING, seed);
    Model<Label> model = trainer.train(data);
    return result("logistic_regression", "LogMulticlass", CLASSIFICATION_EPOCHS,
        CLASSIFICATION_LEARNING_RATE, seed, names.length, model, schema);
  }

  private TrainingResult regression(List<String[]> rows, int target, FeatureSchema schema,
      String[] names, int[] sources, long seed) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = new MutableDataset<>(provenance(rows, factory), factory);
    for (String[] row : rows) {
      // SGD on a standardized target converges at the same speed whatever the target's unit.
      double y = (Cells.number(row[target]) - schema.targetMean()) / schema.targetStd();
      data.add(new ArrayExample<>(new Regressor(TrainedModel.REGRESSION_DIMENSION, y), names,
          encode(schema, row, sources)));
    }
    var trainer = new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
        new AdaGrad(REGRESSION_LEARNING_RATE, ADAGRAD_EPSILON), REGRESSION_EPOCHS,
        NO_TRIBUO_LOGGING, seed);
    Model<Regressor> model = trainer.train(data);
    return result("linear_regression", "SquaredLoss", REGRESSION_EPOCHS,
        REGRESSION_LEARNING_RATE, seed, names.length, model, schema);
  }

  private static TrainingResult result(String algorithm, String objective, int epochs,
      double learningRate, long seed, int features, Model<?> model, FeatureSchema schema) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("objective", objective);
    parameters.put("optimiser", "AdaGrad");
    parameters.put("epochs", String.valueOf(epochs));
    parameters.put("learning_rate", String.valueOf(learningRate));
    parameters.put("adagrad_epsilon", String.valueOf(ADAGRAD_EPSILON));
    parameters.put("minibatch_size", "1");
    parameters.put("seed", String.valueOf(seed));
    parameters.put("features", String.valueOf(features));
    return new TrainingResult(algorithm, parameters, model.serialize().toByteArray(),
        schema.toJson(), ProvenanceUtil.formattedProvenanceString(model.getProvenance()));
  }

  /** Rows with a target value; regression targets must be numbers. */
  private static List<String[]> labelledRows(Dataset train, int target, TaskType type) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < train.size(); i++) {
      String[] row = train.rows().get(i);
      if (row[target] == null) {
        continue;
      }
      if (type == TaskType.REGRESSION && Cells.number(row[target]) == null) {
        throw new IllegalArgumentException("Target value '" + row[target] + "' in training row "
            + (i + 1) + " is not a number; regression needs numbers.");
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("The training data has no rows with a target value.");
    }
    return rows;
  }

  private static int[] sourceIndices(Dataset train, FeatureSchema schema) {
    return schema.columns().stream().mapToInt(c -> train.columnIndex(c.name())).toArray();
  }

  private static double[] encode(FeatureSchema schema, String[] row, int[] sources) {
    Object[] cells = new Object[sources.length];
    for (int i = 0; i < sources.length; i++) {
      String cell = row[sources[i]];
      cells[i] = schema.columns().get(i).kind() == FeatureKind.NUMERIC ? Cells.number(cell) : cell;
    }
    return schema.encode(cells);
  }

  private static <T extends Output<T>> SimpleDataSourceProvenance provenance(
      List<String[]> rows, OutputFactory<T> factory) {
    return new SimpleDataSourceProvenance("MLPM training split, " + rows.size() + " rows", factory);
  }
}
