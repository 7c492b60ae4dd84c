package io.mlpm.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Part;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.TrainedModel;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Evaluates a candidate once on the held-out test split and checks the charter's criteria. */
@Service
public class EvaluationService {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final EvaluationReporter reporter = new EvaluationReporter();
  private final EvaluationReports reports;

  private final io.mlpm.project.ProjectRepository projects;
  private final io.mlpm.training.ExternalCandidates external;

  public EvaluationService(DataPreparationService data, ModelRegistry registry, EvaluationReports reports,
      io.mlpm.project.ProjectRepository projects, io.mlpm.training.ExternalCandidates external) {
    this.projects = projects;
    this.external = external;
    this.data = data;
    this.registry = registry;
    this.reports = reports;
  }

  /**
   * A candidate of model development judged by the project's charter in force, read from the
   * project's row (its criteria and sensitive attribute, never a copy a step carried, which a change
   * request may have made stale): evaluated once on the test split; one that meets every criterion moves to staging, where it awaits the sponsor's
   * sign-off (a rejection moves it back).
   *
   * @return the verdict, the candidate as now registered, and every model of the project (the
   *     sponsor's decision shows each iteration's)
   */
  public CandidateVerdict judgeCandidate(long modelVersionId) {
    String project = registry.get(modelVersionId).projectKey();
    io.mlpm.charter.Charter charter = projects.charter(project);
    EvaluationOutcome outcome = evaluate(modelVersionId, charter.successCriteria(), charter.sensitiveAttribute());
    if (outcome.allMet()) {
      registry.moveTo(modelVersionId, io.mlpm.registry.Stage.STAGING, null, "success criteria met");
    }
    return new CandidateVerdict(outcome, registry.get(modelVersionId), charter.successCriteria().get(0).metric(),
        registry.list(project));
  }

  /** See {@link #judgeCandidate}. */
  public record CandidateVerdict(EvaluationOutcome outcome, ModelVersion candidate, String primaryMetric,
      List<ModelVersion> projectModels) {}

  public EvaluationOutcome evaluate(long modelVersionId, List<SuccessCriterion> criteria) {
    return evaluate(modelVersionId, criteria, null);
  }

  /** Rows scored together: bounds the inputs and predictions held while the test split streams. */
  static final int BATCH_ROWS = 10_000;

  /**
   * Evaluates once on the test split, records metrics and verdict, and the evaluation report
   * (confusion matrix or residuals, ROC, permutation importance, fairness by the sensitive
   * attribute) the model card shows. The split's test rows are streamed from the file and every
   * one is scored, by the candidate and by the production model if there is one, with the metrics
   * accumulated batch by batch; ROC AUC and the report use the test part's seeded sample (at most
   * {@code mlpm.datasets.max-evaluation-rows}, all rows of a smaller split).
   */
  public EvaluationOutcome evaluate(long modelVersionId, List<SuccessCriterion> criteria, String sensitiveAttribute) {
    ModelVersion version = registry.get(modelVersionId);
    String primary = criteria.isEmpty() ? null : criteria.get(0).metric();
    Champion champion = champion(version, primary);
    if (version.external()) {
      return evaluateExternal(version, criteria, primary, champion, sensitiveAttribute);
    }
    TrainedModel model = TrainedModel.load(registry.artifact(modelVersionId), version.featureSchemaJson());
    TestPass pass = new TestPass(model, version.targetColumn(), champion);
    DataPreparationService.StreamedPart streamed;
    try {
      streamed = data.streamPart(version.splitId(), Part.TEST, pass);
      pass.finish();
    } finally {
      pass.close();
    }
    Map<String, Double> metrics = pass.scoring.metrics();
    EvaluationOutcome outcome = judge(version, criteria, primary, champion, metrics);
    long sampled = pass.sample.size();
    String rows = sampled == pass.scoring.rows()
        ? String.format(java.util.Locale.ROOT, "evaluated on all %,d test rows", pass.scoring.rows())
        : String.format(java.util.Locale.ROOT, "evaluated on all %,d test rows (ROC AUC, charts, importance and"
            + " fairness on a seeded sample of %,d)", pass.scoring.rows(), sampled);
    registry.recordEvaluationRows(modelVersionId, rows);
    try {
      reports.save(modelVersionId, reporter.report(model, new io.mlpm.data.Dataset(pass.columns, pass.sample),
          version.targetColumn(), primary, sensitiveAttribute, version.seed()));
    } catch (RuntimeException e) {
      // The verdict stands without the report; the model card then says the report is missing.
      LOG.warn("Project {}: evaluation report of model {} failed: {}", version.projectKey(), modelVersionId,
          e.toString());
    }
    LOG.info("Project {}: model {} {} of split {} (version {}): {}; criteria {}", version.projectKey(),
        modelVersionId, rows, version.splitId(), streamed.datasetSha256().substring(0, 12), metrics,
        outcome.allMet() ? "met" : "not met");
    return outcome;
  }

  /**
   * An external candidate's single test evaluation: its uploaded prediction of every test row against
   * the labels it never saw, the production model scored on the same rows beside it. Its report has
   * every figure but feature importance, which needs the model (opaque here).
   */
  private EvaluationOutcome evaluateExternal(ModelVersion version, List<SuccessCriterion> criteria, String primary,
      Champion champion, String sensitiveAttribute) {
    ChampionBeside beside = new ChampionBeside(champion, version.targetColumn());
    ModelEvaluator.Scoring scoring = external.scoreTest(version, beside);
    beside.finish();
    Map<String, Double> metrics = scoring.metrics();
    EvaluationOutcome outcome = judge(version, criteria, primary, champion, metrics);
    String rows = String.format(java.util.Locale.ROOT, "evaluated on the trainer's predictions of all %,d test rows"
        + " (ROC AUC, charts and fairness on a seeded sample of %,d; no feature importance: the model is opaque"
        + " here)", scoring.rows(), beside.sample.size());
    registry.recordEvaluationRows(version.id(), rows);
    try {
      reports.save(version.id(), reporter.reportOfPredictions(TaskType.fromCode(version.taskType()).orElseThrow(),
          beside.sampled, new io.mlpm.data.Dataset(beside.columns, beside.sample), version.targetColumn(),
          sensitiveAttribute, version.seed()));
    } catch (RuntimeException e) {
      LOG.warn("Project {}: evaluation report of external model {} failed: {}", version.projectKey(), version.id(),
          e.toString());
    }
    LOG.info("Project {}: external model {} {} of split {}: {}; criteria {}", version.projectKey(), version.id(), rows,
        version.splitId(), metrics, outcome.allMet() ? "met" : "not met");
    return outcome;
  }

  /**
   * The verdict on the test metrics: the charter's criteria, and not worse than the production model
   * scored on the same rows; recorded with the metrics.
   */
  private EvaluationOutcome judge(ModelVersion version, List<SuccessCriterion> criteria, String primary,
      Champion champion, Map<String, Double> metrics) {
    List<CriterionResult> results = new java.util.ArrayList<>(CriteriaVerdict.check(criteria, metrics));
    boolean allMet = CriteriaVerdict.allMet(results);
    ChampionComparison comparison = champion == null ? null : champion.compare(primary, metrics);
    if (comparison != null) {
      registry.recordChampionComparison(version.id(), json(comparison));
      results.add(new CriterionResult(primary, comparison.notWorse() ? "not worse than" : "worse than",
          comparison.championValue() == null ? Double.NaN : comparison.championValue(),
          comparison.challengerValue(), comparison.notWorse(), comparison.message()));
      allMet = allMet && comparison.notWorse();
    }
    registry.recordEvaluation(version.id(), json(metrics), json(results), allMet, versionJudgedBy(version, criteria));
    return new EvaluationOutcome(version.id(), metrics, results, allMet);
  }

  /**
   * Judges a model's recorded test metrics again against other criteria (the charter changed):
   * nothing is scored again, and the comparison with the production model it had stands.
   */
  public EvaluationOutcome rejudge(long modelVersionId, List<SuccessCriterion> criteria, int charterVersion) {
    ModelVersion version = registry.get(modelVersionId);
    if (version.metricsJson() == null) {
      throw new IllegalStateException("Model " + modelVersionId + " has not been evaluated; nothing to judge again.");
    }
    try {
      Map<String, Double> metrics = JSON.readValue(version.metricsJson(),
          new com.fasterxml.jackson.core.type.TypeReference<Map<String, Double>>() {});
      List<CriterionResult> before = version.criteriaJson() == null ? List.of() : JSON.readValue(version.criteriaJson(),
          new com.fasterxml.jackson.core.type.TypeReference<List<CriterionResult>>() {});
      List<CriterionResult> results = new java.util.ArrayList<>(CriteriaVerdict.check(criteria, metrics));
      boolean allMet = CriteriaVerdict.allMet(results);
      for (CriterionResult r : before) {
        if (r.operator().endsWith("worse than")) {
          results.add(r);
          allMet = allMet && r.met();
        }
      }
      registry.recordEvaluation(modelVersionId, version.metricsJson(), json(results), allMet, charterVersion);
      return new EvaluationOutcome(modelVersionId, metrics, results, allMet);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Model " + modelVersionId + "'s recorded evaluation cannot be read", e);
    }
  }

  /**
   * The charter version whose criteria these are: the one in force, unless the charter changed while
   * the step ran with the criteria it had read (then none, and the model is not promoted on it).
   */
  private Integer versionJudgedBy(ModelVersion version, List<SuccessCriterion> criteria) {
    String key = version.projectKey();
    if (projects.find(key).isEmpty()) {
      return null;
    }
    return projects.charter(key).successCriteria().equals(criteria) ? projects.charterVersion(key) : null;
  }

  /** Batches handed to the scoring thread and not yet scored, at most: bounds the rows held. */
  static final int BATCHES_AHEAD = 2;

  /**
   * The test rows as they stream: scored in batches, the sample kept for the report. The batches
   * are scored on a thread of their own, in order, while the step's thread reads on: reading the
   * file and scoring its test rows took about as long each, one after the other.
   */
  private static final class TestPass implements DataPreparationService.PartRows, AutoCloseable {
    private final TrainedModel model;
    private final String target;
    private final Champion champion;
    private final java.util.concurrent.ExecutorService scorer = java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "mlpm-test-scoring");
          t.setDaemon(true);
          return t;
        });
    private final java.util.ArrayDeque<java.util.concurrent.Future<?>> ahead = new java.util.ArrayDeque<>();
    private List<String[]> batch = new java.util.ArrayList<>();
    private List<Boolean> inSample = new java.util.ArrayList<>();
    final List<String[]> sample = new java.util.ArrayList<>();
    List<String> columns;
    ModelEvaluator.Scoring scoring;

    TestPass(TrainedModel model, String target, Champion champion) {
      this.model = model;
      this.target = target;
      this.champion = champion;
    }

    @Override
    public void columns(List<String> names) {
      columns = names;
      scoring = new ModelEvaluator.Scoring(model, names, target);
      if (champion != null) {
        champion.start(names, target);
      }
    }

    @Override
    public void row(String[] cells, boolean sampled) {
      batch.add(cells);
      inSample.add(sampled);
      if (sampled) {
        sample.add(cells);
      }
      if (batch.size() == BATCH_ROWS) {
        handOver();
      }
    }

    /** Scores what is left and waits for every batch: the metrics are then complete. */
    void finish() {
      handOver();
      while (!ahead.isEmpty()) {
        await(ahead.poll());
      }
    }

    private void handOver() {
      if (batch.isEmpty()) {
        return;
      }
      List<String[]> rows = batch;
      List<Boolean> sampled = inSample;
      batch = new java.util.ArrayList<>();
      inSample = new java.util.ArrayList<>();
      while (ahead.size() >= BATCHES_AHEAD) {
        await(ahead.poll()); // a scoring failure stops the reading here
      }
      ahead.add(scorer.submit(() -> score(rows, sampled)));
    }

    private void score(List<String[]> rows, List<Boolean> sampled) {
      List<String[]> forAuc = new java.util.ArrayList<>();
      List<String[]> rest = new java.util.ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        (sampled.get(i) ? forAuc : rest).add(rows.get(i));
      }
      scoring.add(forAuc, true);
      scoring.add(rest, false);
      if (champion != null) {
        champion.add(forAuc, rest);
      }
    }

    private static void await(java.util.concurrent.Future<?> scored) {
      try {
        scored.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw new IllegalStateException("Scoring the test rows failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while the test rows were scored", e);
      }
    }

    /** Stops the scoring thread; batches not yet scored are dropped (the step failed). */
    @Override
    public void close() {
      scorer.shutdownNow();
    }
  }

  /**
   * The test rows as they stream beside an external candidate's predictions: the production model
   * scored on them (if there is one), and the sample's rows with their predictions kept for the report.
   */
  private static final class ChampionBeside implements io.mlpm.training.ExternalCandidates.PredictedRows {
    private final Champion champion;
    private final String target;
    private final List<String[]> forAuc = new java.util.ArrayList<>();
    private final List<String[]> rest = new java.util.ArrayList<>();
    final List<String[]> sample = new java.util.ArrayList<>();
    final List<io.mlpm.training.Prediction> sampled = new java.util.ArrayList<>();
    List<String> columns;

    ChampionBeside(Champion champion, String target) {
      this.champion = champion;
      this.target = target;
    }

    @Override
    public void columns(List<String> names) {
      columns = names;
      if (champion != null) {
        champion.start(names, target);
      }
    }

    @Override
    public void row(String[] cells, boolean inSample, io.mlpm.training.Prediction prediction) {
      if (inSample) {
        sample.add(cells);
        sampled.add(prediction);
      }
      if (champion != null) {
        (inSample ? forAuc : rest).add(cells);
        if (forAuc.size() + rest.size() == BATCH_ROWS) {
          finish();
        }
      }
    }

    void finish() {
      if (champion != null) {
        champion.add(forAuc, rest);
      }
      forAuc.clear();
      rest.clear();
    }
  }

  /**
   * The challenger against the project's production model, both scored on the same held-out test
   * rows, by the primary metric. Null when there is no production model to compare with.
   */
  public record ChampionComparison(int championVersion, String metric, Double championValue,
      Double challengerValue, boolean notWorse, String message) {}

  /** The production model, scored beside the challenger on the same rows, until it cannot be. */
  private static final class Champion {
    private final ModelVersion version;
    private final TrainedModel model;
    private ModelEvaluator.Scoring scoring;
    private String failure;

    Champion(ModelVersion version, TrainedModel model, String failure) {
      this.version = version;
      this.model = model;
      this.failure = failure;
    }

    void start(List<String> columns, String target) {
      if (failure == null) {
        scoring = new ModelEvaluator.Scoring(model, columns, target);
      }
    }

    void add(List<String[]> forAuc, List<String[]> rest) {
      if (failure != null) {
        return;
      }
      try {
        scoring.add(forAuc, true);
        scoring.add(rest, false);
      } catch (RuntimeException e) {
        // e.g. the new data lacks a column the old model needs: nothing fair to compare with
        failure = e.getMessage();
      }
    }

    ChampionComparison compare(String metric, Map<String, Double> challengerMetrics) {
      Double mine = challengerMetrics.get(metric);
      Double theirs = null;
      if (failure == null) {
        try {
          theirs = scoring.metrics().get(metric);
        } catch (RuntimeException e) {
          failure = e.getMessage();
        }
      }
      if (failure != null) {
        return new ChampionComparison(version.version(), metric, null, mine, true, "The production model v"
            + version.version() + " could not be scored on the new test data (" + failure
            + "), so there is no comparison.");
      }
      boolean higherIsBetter = io.mlpm.ml.Metric.fromCode(metric).map(io.mlpm.ml.Metric::higherIsBetter)
          .orElse(true);
      boolean notWorse = mine != null && theirs != null && (higherIsBetter ? mine >= theirs : mine <= theirs);
      String message = String.format(java.util.Locale.ROOT,
          "On the same test rows, %s is %.4f for this model and %.4f for production model v%d: %s.", metric,
          mine == null ? Double.NaN : mine, theirs == null ? Double.NaN : theirs, version.version(),
          notWorse ? "not worse" : "WORSE, so it must not replace it");
      return new ChampionComparison(version.version(), metric, theirs, mine, notWorse, message);
    }
  }

  /** The production model to compare with, or null when there is none (or no metric to compare by). */
  private Champion champion(ModelVersion challenger, String metric) {
    if (metric == null) {
      return null;
    }
    var production = registry.production(challenger.projectKey());
    if (production.isEmpty() || production.get().id() == challenger.id()) {
      return null;
    }
    ModelVersion champion = production.get();
    try {
      return new Champion(champion, TrainedModel.load(registry.artifact(champion.id()),
          champion.featureSchemaJson()), null);
    } catch (RuntimeException e) {
      return new Champion(champion, null, e.getMessage());
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
