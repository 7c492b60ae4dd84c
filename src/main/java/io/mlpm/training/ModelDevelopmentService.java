package io.mlpm.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Dataset;
import io.mlpm.data.Part;
import io.mlpm.data.PreparedSplit;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.NewModelVersion;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Trains and tunes one candidate algorithm on the recorded training split (validation split for
 * tuning), stores it in the registry with its trials, and selects the best candidate of an
 * iteration by the primary metric on validation data. The test split is not touched here.
 */
@Service
public class ModelDevelopmentService {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDevelopmentService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final CandidateTrainer trainer = new CandidateTrainer();
  private final MlpmProperties.Training training;

  private final ApplicationVersion code;

  public ModelDevelopmentService(DataPreparationService data, ModelRegistry registry, MlpmProperties properties) {
    this(data, registry, properties, ApplicationVersion.unknown());
  }

  @org.springframework.beans.factory.annotation.Autowired
  public ModelDevelopmentService(DataPreparationService data, ModelRegistry registry, MlpmProperties properties,
      ApplicationVersion code) {
    this.data = data;
    this.registry = registry;
    this.training = properties.training();
    this.code = code;
  }

  /** What one iteration trains: which algorithms, how many tuning trials, which columns to leave out. */
  public record IterationPlan(List<String> algorithms, int tuningBudget, List<String> excludedColumns,
      String primaryMetric) {

    /** The plan as the data scientist reads it on {@code reviewIteration}. */
    public String describe(int iteration) {
      return "Iteration " + iteration + ": " + String.join(", ", algorithms) + " with " + tuningBudget
          + " tuning trials each" + (excludedColumns.isEmpty() ? "" : ", leaving out " + String.join(", ", excludedColumns))
          + "; selected by validation " + primaryMetric + " (cross-validated when the data is small).";
    }
  }

  /** @return the id of the stored candidate model version */
  public long trainCandidate(String projectKey, long splitId, int iteration, String algorithm, IterationPlan plan) {
    PreparedSplit prepared = data.loadSplit(splitId, EnumSet.of(Part.TRAIN, Part.VALIDATION));
    String target = prepared.data().plan().targetColumn();
    TaskType taskType = prepared.data().plan().taskType();
    Dataset train = without(prepared.data().train(), plan.excludedColumns(), target);
    Dataset validation = without(prepared.data().validation(), plan.excludedColumns(), target);
    long started = System.nanoTime();
    int folds = training.foldsFor((long) train.size() + validation.size());
    LOG.info("Project {}: iteration {}: tuning {} on {} and {} (budget {}{})", projectKey, iteration, algorithm,
        prepared.held(Part.TRAIN), prepared.held(Part.VALIDATION), plan.tuningBudget(),
        folds == 0 ? "" : ", " + folds + "-fold cross-validation: fewer than "
            + training.crossValidationBelowRows() + " rows");
    CandidateResult result = trainer.train(algorithm, train, validation, target, taskType, plan.primaryMetric(),
        plan.tuningBudget(), prepared.seed(), folds);
    TrainingResult model = result.model();
    long id = registry.addCandidate(new NewModelVersion(projectKey, iteration, result.algorithm(), taskType.code(),
        target, splitId, prepared.datasetSha256(), prepared.seed(), json(model.parameters()),
        model.featureSchemaJson(), model.provenance(), model.modelBytes()));
    registry.recordTuning(id, json(result.validationMetrics()), json(result.trials()));
    registry.recordCode(id, null, null, code.describe());
    registry.recordTrainingRows(id, result.folds() == 0
        ? "trained on " + prepared.held(Part.TRAIN) + "; tuned on " + prepared.held(Part.VALIDATION)
        : "trained on " + prepared.held(Part.TRAIN) + "; tuned by " + result.folds() + "-fold cross-validation on "
            + String.format(java.util.Locale.ROOT, "%,d", (long) train.size() + validation.size())
            + " rows (" + prepared.held(Part.TRAIN) + " and " + prepared.held(Part.VALIDATION) + ")");
    LOG.info("Project {}: candidate {} ({}) tuned in {} ms: validation {}", projectKey, id, result.algorithm(),
        (System.nanoTime() - started) / 1_000_000, result.validationMetrics());
    return id;
  }

  /**
   * Retrains the selected candidate with its chosen parameters on its training plus validation rows
   * (each part within its sample budget) before its single test evaluation; the test split is not
   * read. The features are those the candidate was trained on. Once per model: a retried
   * evaluation keeps the first refit.
   *
   * @return whether the model was refit now
   */
  public boolean refit(long modelVersionId) {
    ModelVersion m = registry.get(modelVersionId);
    if (m.external() || m.refitRows() != null || m.metricsJson() != null) {
      // An external candidate is trained where its trainer runs: what it was trained on is its own.
      return false;
    }
    TaskType taskType = TaskType.fromCode(m.taskType()).orElseThrow();
    PreparedSplit prepared = data.loadSplit(m.splitId(), EnumSet.of(Part.TRAIN, Part.VALIDATION));
    FeatureSchema tuned = FeatureSchema.fromJson(m.featureSchemaJson());
    List<String> features = tuned.columns().stream().map(FeatureColumn::name).toList();
    Dataset train = only(prepared.data().train(), features, m.targetColumn());
    Dataset validation = only(prepared.data().validation(), features, m.targetColumn());
    List<String[]> rows = new ArrayList<>(train.size() + validation.size());
    rows.addAll(train.rows());
    rows.addAll(validation.rows());
    long started = System.nanoTime();
    TrainingResult refit = trainer.retrain(m.algorithm(), parameters(m.parametersJson()),
        new Dataset(train.columns(), rows), m.targetColumn(), taskType, m.seed());
    String both = prepared.held(Part.TRAIN) + " and " + prepared.held(Part.VALIDATION);
    FeatureSchema refitSchema = FeatureSchema.fromJson(refit.featureSchemaJson());
    if (!kinds(refitSchema).equals(kinds(tuned))) {
      // A column whose kind changes with the validation rows (a text only there): the model tested is the one selected.
      String why = "not refit: on " + both + " the features are " + kinds(refitSchema) + ", tuned on " + kinds(tuned);
      LOG.warn("Project {}: candidate {} {}", m.projectKey(), modelVersionId, why);
      return registry.recordRefitDeclined(modelVersionId, m.trainingRows() + "; " + why, why);
    }
    // What tuning left out stays on the record (the model card lists it), though the refit never saw it.
    List<SkippedColumn> skipped = new ArrayList<>(tuned.skipped());
    skipped.addAll(refitSchema.skipped());
    String schema = new FeatureSchema(refitSchema.version(), refitSchema.taskType(), refitSchema.targetColumn(),
        refitSchema.columns(), skipped, refitSchema.targetMean(), refitSchema.targetStd()).toJson();
    String refitRows = String.format(java.util.Locale.ROOT, "%,d rows: %s", rows.size(), both);
    boolean recorded = registry.recordRefit(modelVersionId, refit.modelBytes(), schema, json(refit.parameters()),
        refit.provenance(), tuning(m, prepared) + "; refit on both (" + String.format(java.util.Locale.ROOT, "%,d",
            rows.size()) + " rows) before the test evaluation", refitRows);
    if (recorded) {
      LOG.info("Project {}: candidate {} ({}) refit on {} in {} ms", m.projectKey(), modelVersionId, m.algorithm(),
          refitRows, (System.nanoTime() - started) / 1_000_000);
    }
    return recorded;
  }

  /** How the candidate was tuned and selected, as its training rows sentence says. */
  private static String tuning(ModelVersion m, PreparedSplit prepared) {
    int folds = folds(m.trialsJson());
    return folds == 0
        ? "tuned on " + prepared.held(Part.TRAIN) + " and selected on " + prepared.held(Part.VALIDATION)
        : "tuned and selected by " + folds + "-fold cross-validation on " + prepared.held(Part.TRAIN) + " and "
            + prepared.held(Part.VALIDATION);
  }

  /** The selected candidate of an iteration, and why. */
  public record SelectionOutcome(long modelVersionId, String algorithm, String reason, List<ModelVersion> candidates) {}

  public SelectionOutcome select(String projectKey, int iteration, String primaryMetric) {
    List<ModelVersion> stored = registry.candidates(projectKey, iteration);
    if (stored.isEmpty()) {
      throw new IllegalStateException("Project " + projectKey + " has no candidates in iteration " + iteration);
    }
    List<CandidateResult> compared = new ArrayList<>();
    for (ModelVersion c : stored) {
      compared.add(new CandidateResult(c.algorithm(), null, Map.of(), metrics(c.validationMetricsJson()), List.of(),
          folds(c.trialsJson())));
    }
    Selection selection = ModelSelection.select(compared, primaryMetric);
    ModelVersion chosen = stored.get(compared.indexOf(selection.selected()));
    registry.recordSelection(projectKey, iteration, chosen.id(), selection.reason());
    LOG.info("Project {}: iteration {} selected {}", projectKey, iteration, selection.reason());
    return new SelectionOutcome(chosen.id(), chosen.algorithm(), selection.reason(),
        registry.candidates(projectKey, iteration));
  }

  /** Each feature column's name and kind, in order. */
  private static List<String> kinds(FeatureSchema schema) {
    return schema.columns().stream().map(c -> c.name() + ":" + c.kind()).toList();
  }

  /** The target and the named feature columns of {@code d}, in its order. */
  private static Dataset only(Dataset d, List<String> features, String target) {
    List<String> excluded = d.columns().stream().filter(c -> !c.equals(target) && !features.contains(c)).toList();
    return without(d, excluded, target);
  }

  private static Map<String, String> parameters(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, JSON.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class,
          String.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the recorded parameters cannot be read", e);
    }
  }

  private static Dataset without(Dataset d, List<String> excluded, String target) {
    if (excluded.isEmpty()) {
      return d;
    }
    List<Integer> keep = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < d.columns().size(); i++) {
      String c = d.columns().get(i);
      if (c.equals(target) || !excluded.contains(c)) {
        keep.add(i);
        names.add(c);
      }
    }
    List<String[]> rows = new ArrayList<>(d.size());
    for (String[] row : d.rows()) {
      String[] r = new String[keep.size()];
      for (int k = 0; k < r.length; k++) {
        r[k] = row[keep.get(k)];
      }
      rows.add(r);
    }
    return new Dataset(names, rows);
  }

  /** A recorded metrics object, in its order ({@code {}} when none). */
  static Map<String, Double> metrics(String json) {
    try {
      return json == null ? Map.of() : JSON.readValue(json,
          JSON.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, Double.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many cross-validation folds scored a candidate's recorded trials (0: the validation split did). */
  static int folds(String trialsJson) {
    try {
      com.fasterxml.jackson.databind.JsonNode first = trialsJson == null ? null : JSON.readTree(trialsJson).path(0);
      return first == null ? 0 : first.path("foldScores").size();
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  /** How many tuning trials a candidate's recorded list holds (0 when unreadable). */
  static int trialCount(String trialsJson) {
    try {
      return trialsJson == null ? 0 : JSON.readTree(trialsJson).size();
    } catch (JsonProcessingException e) {
      return 0;
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
