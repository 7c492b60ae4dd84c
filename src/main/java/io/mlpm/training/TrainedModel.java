package io.mlpm.training;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mlpm.data.Cells;
import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.classification.ImmutableLabelInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierModel;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * A trained model ready to predict: the Tribuo model plus the preprocessing of its
 * {@link FeatureSchema}. Loaded from protobuf bytes, never from Java serialization.
 */
public final class TrainedModel {

  /** Name of the single Tribuo regression output dimension. */
  static final String REGRESSION_DIMENSION = "target";

  // Placeholders: Tribuo examples need an output even when it is what we ask for.
  private static final Label LABEL_UNKNOWN = new LabelFactory().getUnknownOutput();
  private static final Regressor REGRESSOR_UNKNOWN = new RegressionFactory().getUnknownOutput();

  private final Model<?> model;
  private final FeatureSchema schema;
  private final FeatureOrder order;

  /** Whether the model reads an absent feature as missing (XGBoost): see {@link FeatureOrder}. */
  private final boolean zerosGiven;

  /**
   * For a classifier that gives no scores (Tribuo's most-frequent dummy): the class frequencies of
   * its training data, which Tribuo keeps in the model's output domain. Otherwise null.
   */
  private final Map<String, Double> classFrequencies;

  private TrainedModel(Model<?> model, FeatureSchema schema) {
    this(model, schema, model instanceof org.tribuo.common.xgboost.XGBoostModel);
  }

  private TrainedModel(Model<?> model, FeatureSchema schema, boolean zerosGiven) {
    this.model = model;
    this.schema = schema;
    this.order = FeatureOrder.of(schema.featureNames());
    this.zerosGiven = zerosGiven;
    this.classFrequencies = model instanceof DummyClassifierModel
        && model.getOutputIDInfo() instanceof ImmutableLabelInfo info
        ? frequencies(info) : null;
  }

  /** The same model given every value of a row, zeros too (what leaving zeros out is checked against). */
  TrainedModel givenEveryValue() {
    return new TrainedModel(model, schema, true);
  }

  /** A model fresh from training, without the round trip through bytes. */
  static TrainedModel of(Model<?> model, FeatureSchema schema) {
    return new TrainedModel(model, schema);
  }

  private static Map<String, Double> frequencies(ImmutableLabelInfo info) {
    long total = info.getTotalObservations();
    if (total <= 0) {
      return null;
    }
    Map<String, Double> sorted = new TreeMap<>();
    for (var idAndLabel : info) {
      sorted.put(idAndLabel.getB().getLabel(),
          (double) info.getLabelCount(idAndLabel.getA()) / total);
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  public static TrainedModel load(byte[] modelBytes, String featureSchemaJson) {
    FeatureSchema schema = FeatureSchema.fromJson(featureSchemaJson);
    Model<?> model;
    try {
      model = Model.deserialize(ModelProto.parseFrom(modelBytes));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException("Model bytes are not a Tribuo model: " + e.getMessage(), e);
    }
    Class<? extends Output<?>> expected =
        schema.taskType() == TaskType.CLASSIFICATION ? Label.class : Regressor.class;
    if (!model.validate(expected)) {
      throw new IllegalArgumentException(
          "Model does not predict " + schema.taskType().code() + " outputs.");
    }
    return new TrainedModel(model, schema);
  }

  /** The input columns a row must contain (the keys; a value may be null). */
  public List<String> featureColumns() {
    return schema.columns().stream().map(FeatureColumn::name).toList();
  }

  public TaskType taskType() {
    return schema.taskType();
  }

  /** The classes a classifier knows (its output domain), sorted; empty for a regressor. */
  public java.util.SortedSet<String> classes() {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    if (schema.taskType() == TaskType.CLASSIFICATION) {
      model.getOutputIDInfo().getDomain().forEach(o -> names.add(((Label) o).getLabel()));
    }
    return names;
  }

  public FeatureSchema schema() {
    return schema;
  }

  /** Below this many rows a list is predicted on the caller's thread alone. */
  static final int PARALLEL_ROWS = 4_096;

  /**
   * Predicts each row. Values may be Number, String, Boolean or null (null is imputed); keys
   * that are not feature columns are ignored. A long list (a test split's batch, an importance
   * sample) is cut into one part per core, predicted side by side: scoring millions of test rows
   * was the evaluation's longest part, on one core of several.
   */
  public List<Prediction> predict(List<Map<String, Object>> rows) {
    int parts = Math.min(Runtime.getRuntime().availableProcessors(), rows.size() / PARALLEL_ROWS);
    if (parts <= 1) {
      return predictPart(rows, 0);
    }
    int size = (rows.size() + parts - 1) / parts;
    List<java.util.concurrent.CompletableFuture<List<Prediction>>> others = new ArrayList<>();
    for (int from = size; from < rows.size(); from += size) {
      int start = from;
      List<Map<String, Object>> part = rows.subList(start, Math.min(rows.size(), start + size));
      others.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> predictPart(part, start)));
    }
    List<Prediction> out = new ArrayList<>(rows.size());
    out.addAll(predictPart(rows.subList(0, size), 0));
    for (var other : others) {
      try {
        out.addAll(other.join());
      } catch (java.util.concurrent.CompletionException e) {
        // the part's own error (a row that cannot be encoded names its index in the whole list)
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }
    return out;
  }

  /** @param offset the index of the part's first row in the whole list, for error messages */
  private List<Prediction> predictPart(List<Map<String, Object>> rows, int offset) {
    return schema.taskType() == TaskType.CLASSIFICATION
        ? classify(model.castModel(Label.class), rows, offset)
        : regress(model.castModel(Regressor.class), rows, offset);
  }

  private List<Prediction> classify(Model<Label> labels, List<Map<String, Object>> rows, int offset) {
    List<org.tribuo.Example<Label>> examples = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      examples.add(order.example(LABEL_UNKNOWN, encode(rows.get(i), offset + i), zerosGiven));
    }
    List<Prediction> out = new ArrayList<>(rows.size());
    for (org.tribuo.Prediction<Label> p : labels.predict(examples)) {
      String label = p.getOutput().getLabel();
      if (p.getOutputScores().isEmpty()) {
        // A model without scores: its training class frequencies if known (the majority
        // baseline), else all probability on the predicted class.
        out.add(new Prediction(label, classFrequencies != null
            ? new LinkedHashMap<>(classFrequencies) : certain(label)));
        continue;
      }
      Map<String, Double> probabilities = new TreeMap<>();
      p.getOutputScores().forEach((name, score) -> probabilities.put(name, score.getScore()));
      out.add(new Prediction(label, new LinkedHashMap<>(probabilities)));
    }
    return out;
  }

  private Map<String, Double> certain(String predicted) {
    Map<String, Double> probabilities = new TreeMap<>();
    for (Label l : model.castModel(Label.class).getOutputIDInfo().getDomain()) {
      probabilities.put(l.getLabel(), 0.0);
    }
    probabilities.put(predicted, 1.0);
    return new LinkedHashMap<>(probabilities);
  }

  private List<Prediction> regress(Model<Regressor> regressor, List<Map<String, Object>> rows, int offset) {
    List<org.tribuo.Example<Regressor>> examples = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      examples.add(order.example(REGRESSOR_UNKNOWN, encode(rows.get(i), offset + i), zerosGiven));
    }
    List<Prediction> out = new ArrayList<>(rows.size());
    for (org.tribuo.Prediction<Regressor> p : regressor.predict(examples)) {
      double standardized = p.getOutput().getValues()[0];
      out.add(new Prediction(standardized * schema.targetStd() + schema.targetMean(), null));
    }
    return out;
  }

  private double[] encode(Map<String, Object> row, int index) {
    List<FeatureColumn> columns = schema.columns();
    Object[] cells = new Object[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      FeatureColumn c = columns.get(i);
      if (!row.containsKey(c.name())) {
        throw new InvalidFeatureException(index, c.name(), "the feature column is missing.");
      }
      cells[i] = c.kind() == FeatureKind.NUMERIC
          ? numeric(row.get(c.name()), index, c.name())
          : category(row.get(c.name()), c);
    }
    return schema.encode(cells);
  }

  private static Double numeric(Object value, int index, String column) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new InvalidFeatureException(index, column, d + " is not a finite number.");
      }
      return d;
    }
    if (value instanceof String s) {
      if (s.isBlank()) {
        return null;
      }
      Double d = Cells.number(s);
      if (d == null) {
        throw new InvalidFeatureException(index, column, "'" + s + "' is not a number.");
      }
      return d;
    }
    throw new InvalidFeatureException(index, column,
        "a " + value.getClass().getSimpleName() + " is not a number.");
  }

  /** The training category a value stands for; numbers match "5" as well as "5.0". */
  private static String category(Object value, FeatureColumn column) {
    String text = value == null ? null : Cells.normalize(String.valueOf(value));
    if (text == null || column.categories().contains(text) || !(value instanceof Number n)) {
      return text;
    }
    double d = n.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e15 && column.categories().contains(
        String.valueOf((long) d))) {
      return String.valueOf((long) d);
    }
    return column.categories().contains(String.valueOf(d)) ? String.valueOf(d) : text;
  }
}
