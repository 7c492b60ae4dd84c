package io.mlpm.training;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import io.mlpm.data.Cells;
import io.mlpm.data.Dataset;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.dataset.DatasetView;
import org.tribuo.ensemble.EnsembleCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.baseline.DummyRegressionTrainer;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * Trains one {@link Algorithm} with given hyperparameters on a training split with Tribuo.
 * Preprocessing (imputation, standardization or, for trees, binning, one-hot encoding) is done
 * here, recorded in a {@link FeatureSchema}, and replayed by {@link TrainedModel}. The same
 * algorithm, hyperparameters, rows and seed always give the same model.
 */
public final class ModelTrainer {

  private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

  static final int CLASSIFICATION_EPOCHS = 10;
  static final int REGRESSION_EPOCHS = 20;
  static final double CLASSIFICATION_LEARNING_RATE = 1.0;
  static final double REGRESSION_LEARNING_RATE = 0.1;
  static final double ADAGRAD_EPSILON = 0.1;
  /**
   * XGBoost's threads for one model: the node's cores. XGBoost promises the same trees for the same
   * seed and thread count, so a retrain on a node with another count may differ slightly (the count
   * is in the model's provenance, nThread).
   */
  private static final int BOOSTING_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /**
   * Hyperparameter of the classifiers that weigh classes ({@link Algorithm#weighsClasses}):
   * {@value #BALANCED} weighs each training row by rows / (classes × its class's rows), as
   * scikit-learn's {@code class_weight="balanced"}, so each class counts as much in the loss;
   * {@code none} (or absent) weighs every row 1.
   */
  public static final String CLASS_WEIGHT = "class_weight";
  public static final String BALANCED = "balanced";
  static final String UNWEIGHTED = "none";
  /** Tribuo's progress logging interval; -1 turns its per-epoch loss logging off. */
  private static final int NO_TRIBUO_LOGGING = -1;

  /** The linear model with its default hyperparameters (logistic or least-squares regression). */
  public TrainingResult train(Dataset train, String targetColumn, TaskType type, long seed) {
    Algorithm linear = type == TaskType.CLASSIFICATION
        ? Algorithm.LOGISTIC_REGRESSION : Algorithm.LINEAR_REGRESSION;
    return train(linear, linear.defaultParameters(), train, targetColumn, type, seed);
  }

  /**
   * @param parameters hyperparameters of {@code algorithm}; missing ones take their defaults,
   *     informational entries of a recorded parameter map (seed, features, ...) are ignored
   */
  public TrainingResult train(Algorithm algorithm, Map<String, String> parameters, Dataset train,
      String targetColumn, TaskType type, long seed) {
    Map<String, String> resolved = resolve(algorithm, parameters, type);
    Prepared prepared = prepare(train, targetColumn, type, preparation(algorithm, resolved));
    return fit(algorithm, resolved, prepared, seed).toResult();
  }

  /** The full hyperparameter map: defaults overridden by {@code given}, validated. */
  static Map<String, String> resolve(Algorithm algorithm, Map<String, String> given,
      TaskType type) {
    if (!algorithm.supports(type)) {
      throw new IllegalArgumentException(algorithm.code() + " does not do " + type.code());
    }
    Map<String, String> resolved = new LinkedHashMap<>(algorithm.defaultParameters());
    given.forEach((name, value) -> {
      if (name.equals(CLASS_WEIGHT) && algorithm.weighsClasses(type)) {
        String weight = value == null ? "" : value.strip();
        if (weight.equals(BALANCED)) {
          resolved.put(CLASS_WEIGHT, BALANCED);
        } else if (!weight.equals(UNWEIGHTED)) {
          throw new IllegalArgumentException("Hyperparameter class_weight='" + value + "' is not "
              + BALANCED + " or " + UNWEIGHTED + ".");
        }
      } else if (algorithm.searchSpace().containsKey(name)) {
        if (value == null) {
          throw new IllegalArgumentException("Hyperparameter '" + name + "' has no value.");
        }
        resolved.put(name, value.strip());
      } else if (!Algorithm.INFORMATIONAL.contains(name)) {
        throw new IllegalArgumentException("Unknown hyperparameter '" + name + "' for "
            + algorithm.code() + "; known: " + algorithm.searchSpace().keySet());
      }
    });
    Params p = new Params(resolved);
    switch (algorithm) {
      case LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
        p.integer("epochs", 1, 10_000);
        p.decimal("learning_rate", 1e-6, 100);
      }
      case RANDOM_FOREST -> {
        p.integer("trees", 1, 1_000);
        p.integer("max_depth", 1, 64);
        p.decimal("feature_fraction", 0.01, 1.0);
        p.decimal("min_child_weight", 0, 1e9);
        p.integer("max_samples", 10, Integer.MAX_VALUE);
        p.integer("numeric_bins", 2, 100_000);
      }
      case GRADIENT_BOOSTING -> {
        p.integer("trees", 1, 5_000);
        p.integer("max_depth", 1, 16);
        p.decimal("learning_rate", 1e-4, 1.0);
        p.decimal("subsample", 0.05, 1.0);
        p.decimal("feature_fraction", 0.05, 1.0);
        p.decimal("min_child_weight", 0, 1e9);
      }
      case MAJORITY_BASELINE, MEAN_BASELINE -> {
        String expected = algorithm.defaultParameters().get("strategy");
        if (!expected.equals(resolved.get("strategy"))) {
          throw new IllegalArgumentException("strategy of " + algorithm.code() + " is " + expected);
        }
      }
      default -> throw new IllegalStateException(algorithm.name());
    }
    return resolved;
  }

  /**
   * How an algorithm's rows are turned into examples: numeric features binned into so many
   * training quantiles (0: standardized), and whether zeros are given (see {@link FeatureOrder}).
   * Trials that share it share their prepared rows.
   */
  record Preparation(int numericBins, boolean zerosGiven) {}

  static Preparation preparation(Algorithm algorithm, Map<String, String> resolved) {
    return new Preparation(algorithm == Algorithm.RANDOM_FOREST
        ? new Params(resolved).integer("numeric_bins", 2, 100_000) : 0,
        algorithm == Algorithm.GRADIENT_BOOSTING);
  }

  /** Training rows turned into a Tribuo dataset once, reusable by several trials. */
  record Prepared(FeatureSchema schema, MutableDataset<Label> labels,
      MutableDataset<Regressor> regressors, int rows) {}

  /** A trained model still in memory; {@link #toResult()} serializes it. */
  record Fitted(Algorithm algorithm, Map<String, String> parameters, Model<?> model,
      FeatureSchema schema) {

    TrainedModel trainedModel() {
      return TrainedModel.of(model, schema);
    }

    TrainingResult toResult() {
      return new TrainingResult(algorithm.code(), parameters, model.serialize().toByteArray(),
          schema.toJson(), ProvenanceUtil.formattedProvenanceString(model.getProvenance()));
    }
  }

  Prepared prepare(Dataset train, String targetColumn, TaskType type, Preparation preparation) {
    int target = train.columnIndex(targetColumn);
    if (target < 0) {
      throw new IllegalArgumentException(
          "Target column '" + targetColumn + "' is not in the training data.");
    }
    List<String[]> rows = labelledRows(train, target, type);
    FeatureSchema schema = FeatureSchemaFitter.fit(train, rows, target, type, preparation.numericBins());
    boolean zerosGiven = preparation.zerosGiven();
    if (schema.columns().isEmpty()) {
      throw new IllegalArgumentException(
          "No usable feature columns: every column besides the target was left out "
              + schema.skipped() + ".");
    }
    schema.skipped().forEach(s -> log.info("Column '{}' left out: {}", s.name(), s.reason()));
    FeatureOrder order = FeatureOrder.of(schema.featureNames());
    int[] sources = sourceIndices(train, schema);
    if (type == TaskType.CLASSIFICATION) {
      LabelFactory factory = new LabelFactory();
      MutableDataset<Label> data = new MutableDataset<>(provenance(rows, factory), factory);
      for (String[] row : rows) {
        data.add(order.example(new Label(row[target]), encode(schema, row, sources), zerosGiven));
      }
      if (data.getOutputs().size() < 2) {
        throw new IllegalArgumentException(
            "Classification needs at least 2 classes in the target.");
      }
      return new Prepared(schema, data, null, rows.size());
    }
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data = new MutableDataset<>(provenance(rows, factory), factory);
    for (String[] row : rows) {
      // SGD on a standardized target converges at the same speed whatever the target's unit.
      double y = (Cells.number(row[target]) - schema.targetMean()) / schema.targetStd();
      data.add(order.example(new Regressor(TrainedModel.REGRESSION_DIMENSION, y), encode(schema, row, sources),
          zerosGiven));
    }
    return new Prepared(schema, null, data, rows.size());
  }

  /** @param parameters as returned by {@link #resolve} */
  Fitted fit(Algorithm algorithm, Map<String, String> parameters, Prepared data, long seed) {
    boolean classification = data.schema().taskType() == TaskType.CLASSIFICATION;
    int features = data.schema().featureNames().length;
    log.info("Training {} {} on {} rows with {} features from {} columns (seed {})",
        algorithm.code(), parameters, data.rows(), features, data.schema().columns().size(), seed);
    long start = System.nanoTime();
    Params p = new Params(parameters);
    Map<String, String> recorded = new LinkedHashMap<>();
    if (classification) {
      // The prepared rows are shared by the trials: every fit sets the weights it trains with.
      weigh(data.labels(), BALANCED.equals(parameters.get(CLASS_WEIGHT)));
    }
    Model<?> model;
    switch (algorithm) {
      case MAJORITY_BASELINE -> model =
          DummyClassifierTrainer.createMostFrequentTrainer().train(data.labels());
      case MEAN_BASELINE -> model = DummyRegressionTrainer.createMeanTrainer()
          .train(data.regressors());
      case LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
        int epochs = p.integer("epochs", 1, 10_000);
        double learningRate = p.decimal("learning_rate", 1e-6, 100);
        recorded.put("objective", classification ? "LogMulticlass" : "SquaredLoss");
        recorded.put("optimiser", "AdaGrad");
        // LogMulticlass + AdaGrad is what Tribuo's LogisticRegressionTrainer uses; this
        // constructor additionally takes our seed and epoch count, which that class does not.
        model = classification
            ? new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(learningRate, ADAGRAD_EPSILON), epochs, NO_TRIBUO_LOGGING, seed)
                .train(data.labels())
            : new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(),
                new AdaGrad(learningRate, ADAGRAD_EPSILON), epochs, NO_TRIBUO_LOGGING, seed)
                .train(data.regressors());
        recorded.put("epochs", String.valueOf(epochs));
        recorded.put("learning_rate", String.valueOf(learningRate));
        recorded.put("adagrad_epsilon", String.valueOf(ADAGRAD_EPSILON));
        recorded.put("minibatch_size", "1");
        if (parameters.containsKey(CLASS_WEIGHT)) {
          recorded.put(CLASS_WEIGHT, parameters.get(CLASS_WEIGHT));
        }
      }
      case RANDOM_FOREST -> {
        int depth = p.integer("max_depth", 1, 64);
        float fraction = (float) p.decimal("feature_fraction", 0.01, 1.0);
        float minChildWeight = (float) p.decimal("min_child_weight", 0, 1e9);
        int trees = p.integer("trees", 1, 1_000);
        int maxSamples = p.integer("max_samples", 10, Integer.MAX_VALUE);
        model = classification
            ? forest(data.labels(), trees, maxSamples, seed,
                s -> new CARTClassificationTrainer(depth, minChildWeight, 0f, fraction, false,
                    new GiniIndex(), s), new FullyWeightedVotingCombiner())
            : forest(data.regressors(), trees, maxSamples, seed,
                s -> new CARTRegressionTrainer(depth, minChildWeight, 0f, fraction, false,
                    new MeanSquaredError(), s), new AveragingCombiner());
      }
      case GRADIENT_BOOSTING -> {
        int trees = p.integer("trees", 1, 5_000);
        double eta = p.decimal("learning_rate", 1e-4, 1.0);
        int depth = p.integer("max_depth", 1, 16);
        double minChildWeight = p.decimal("min_child_weight", 0, 1e9);
        double subsample = p.decimal("subsample", 0.05, 1.0);
        double featureFraction = p.decimal("feature_fraction", 0.05, 1.0);
        // XGBoost's defaults for what is not tuned: no minimum loss reduction, L2 weight 1, no L1.
        model = classification
            ? new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                trees, eta, 0, depth, minChildWeight, subsample, featureFraction, 1, 0, BOOSTING_THREADS,
                XGBoostTrainer.LoggingVerbosity.SILENT, seed).train(data.labels())
            : new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                XGBoostRegressionTrainer.RegressionType.LINEAR, trees, eta, 0, depth, minChildWeight, subsample,
                featureFraction, 1, 0, BOOSTING_THREADS, XGBoostTrainer.LoggingVerbosity.SILENT, seed)
                .train(data.regressors());
        recorded.putAll(parameters);
        recorded.put("tree_method", "hist");
      }
      default -> throw new IllegalStateException(algorithm.name());
    }
    if (recorded.isEmpty()) {
      recorded.putAll(parameters);
    }
    recorded.put("seed", String.valueOf(seed));
    recorded.put("features", String.valueOf(features));
    log.info("Trained {} in {} ms", algorithm.code(), (System.nanoTime() - start) / 1_000_000);
    return new Fitted(algorithm, java.util.Collections.unmodifiableMap(recorded), model,
        data.schema());
  }

  /** Balanced weights (see {@link #CLASS_WEIGHT}) or 1 on every training row. */
  private static void weigh(MutableDataset<Label> data, boolean balanced) {
    Map<String, Integer> counts = new java.util.HashMap<>();
    if (balanced) {
      for (org.tribuo.Example<Label> example : data) {
        counts.merge(example.getOutput().getLabel(), 1, Integer::sum);
      }
    }
    double perClass = data.size() / (double) Math.max(1, counts.size());
    for (org.tribuo.Example<Label> example : data) {
      example.setWeight(balanced ? (float) (perClass / counts.get(example.getOutput().getLabel())) : 1f);
    }
  }

  /**
   * Bagged CART trees combined by Tribuo's {@link WeightedEnsembleModel}. Tribuo's own
   * RandomForestTrainer bootstraps all rows (too slow on 100,000 rows: its CART is far slower
   * than scikit-learn's), refuses a feature fraction of 1, and builds trees one at a time; here
   * each tree gets its own seeds drawn up front, so training trees in parallel gives exactly the
   * same forest as training them in order.
   */
  private static <T extends Output<T>> Model<T> forest(MutableDataset<T> data, int trees,
      int maxSamples, long seed, LongFunction<Trainer<T>> treeTrainer,
      EnsembleCombiner<T> combiner) {
    SplittableRandom rng = new SplittableRandom(seed);
    long[] bootstrapSeeds = new long[trees];
    long[] treeSeeds = new long[trees];
    for (int i = 0; i < trees; i++) {
      bootstrapSeeds[i] = rng.nextLong();
      treeSeeds[i] = rng.nextLong();
    }
    int sampleSize = Math.min(data.size(), maxSamples);
    ImmutableFeatureMap features = data.getFeatureIDMap();
    ImmutableOutputInfo<T> outputs = data.getOutputIDInfo();
    List<Model<T>> members = IntStream.range(0, trees).parallel().mapToObj(i -> {
      DatasetView<T> sample = DatasetView.createBootstrapView(data, sampleSize,
          bootstrapSeeds[i], features, outputs);
      return treeTrainer.apply(treeSeeds[i]).train(sample);
    }).toList();
    return WeightedEnsembleModel.createEnsembleFromExistingModels("random-forest", members,
        combiner);
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

  /** Typed access to text hyperparameters, with the name in every error. */
  private record Params(Map<String, String> values) {

    int integer(String name, int min, int max) {
      String text = values.get(name);
      try {
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
          throw new IllegalArgumentException(
              "Hyperparameter " + name + "=" + v + " is outside " + min + ".." + max + ".");
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Hyperparameter " + name + "='" + text + "' is not a whole number.", e);
      }
    }

    double decimal(String name, double min, double max) {
      String text = values.get(name);
      try {
        double v = Double.parseDouble(text);
        if (!(v >= min && v <= max)) {
          throw new IllegalArgumentException(
              "Hyperparameter " + name + "=" + v + " is outside " + min + ".." + max + ".");
        }
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Hyperparameter " + name + "='" + text + "' is not a number.", e);
      }
    }
  }
}
