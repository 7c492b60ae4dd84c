package io.mlpm.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Part;
import io.mlpm.data.PreparedSplit;
import io.mlpm.ml.SuccessCriterion;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.ModelEvaluator;
import io.mlpm.training.TrainedModel;
import java.util.EnumSet;
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
  private final ModelEvaluator evaluator = new ModelEvaluator();
  private final EvaluationReporter reporter = new EvaluationReporter();
  private final EvaluationReports reports;

  public EvaluationService(DataPreparationService data, ModelRegistry registry, EvaluationReports reports) {
    this.data = data;
    this.registry = registry;
    this.reports = reports;
  }

  public EvaluationOutcome evaluate(long modelVersionId, List<SuccessCriterion> criteria) {
    return evaluate(modelVersionId, criteria, null);
  }

  /**
   * Evaluates once on the test split, records metrics and verdict, and the evaluation report
   * (confusion matrix or residuals, ROC, permutation importance, fairness by the sensitive
   * attribute) the model card shows.
   */
  public EvaluationOutcome evaluate(long modelVersionId, List<SuccessCriterion> criteria, String sensitiveAttribute) {
    ModelVersion version = registry.get(modelVersionId);
    PreparedSplit prepared = data.loadSplit(version.splitId(), EnumSet.of(Part.TEST));
    TrainedModel model = TrainedModel.load(registry.artifact(modelVersionId), version.featureSchemaJson());
    Map<String, Double> metrics = evaluator.evaluate(model, prepared.data().test(), version.targetColumn());
    List<CriterionResult> results = new java.util.ArrayList<>(CriteriaVerdict.check(criteria, metrics));
    boolean allMet = CriteriaVerdict.allMet(results);
    String primary = criteria.isEmpty() ? null : criteria.get(0).metric();
    ChampionComparison champion = compareWithChampion(version, prepared.data().test(), primary, metrics);
    if (champion != null) {
      registry.recordChampionComparison(modelVersionId, json(champion));
      results.add(new CriterionResult(primary, champion.notWorse() ? "not worse than" : "worse than",
          champion.championValue() == null ? Double.NaN : champion.championValue(), champion.challengerValue(),
          champion.notWorse(), champion.message()));
      allMet = allMet && champion.notWorse();
    }
    registry.recordEvaluation(modelVersionId, json(metrics), json(results), allMet);
    registry.recordEvaluationRows(modelVersionId, "evaluated on " + prepared.held(Part.TEST));
    try {
      reports.save(modelVersionId, reporter.report(model, prepared.data().test(), version.targetColumn(),
          criteria.isEmpty() ? null : criteria.get(0).metric(), sensitiveAttribute, version.seed()));
    } catch (RuntimeException e) {
      // The verdict stands without the report; the model card then says the report is missing.
      LOG.warn("Project {}: evaluation report of model {} failed: {}", version.projectKey(), modelVersionId,
          e.toString());
    }
    LOG.info("Project {}: model {} on {} test rows: {}; criteria {}", version.projectKey(), modelVersionId,
        prepared.data().test().size(), metrics, allMet ? "met" : "not met");
    return new EvaluationOutcome(modelVersionId, metrics, results, allMet);
  }

  /**
   * The challenger against the project's production model, both scored on the same held-out test
   * rows, by the primary metric. Null when there is no production model to compare with.
   */
  public record ChampionComparison(int championVersion, String metric, Double championValue,
      Double challengerValue, boolean notWorse, String message) {}

  private ChampionComparison compareWithChampion(ModelVersion challenger, io.mlpm.data.Dataset test, String metric,
      Map<String, Double> challengerMetrics) {
    if (metric == null) {
      return null;
    }
    var production = registry.production(challenger.projectKey());
    if (production.isEmpty() || production.get().id() == challenger.id()) {
      return null;
    }
    ModelVersion champion = production.get();
    Double mine = challengerMetrics.get(metric);
    Double theirs;
    try {
      TrainedModel championModel = TrainedModel.load(registry.artifact(champion.id()), champion.featureSchemaJson());
      theirs = evaluator.evaluate(championModel, test, challenger.targetColumn()).get(metric);
    } catch (RuntimeException e) {
      // e.g. the new data lacks a column the old model needs: nothing fair to compare with
      return new ChampionComparison(champion.version(), metric, null, mine, true, "The production model v"
          + champion.version() + " could not be scored on the new test data (" + e.getMessage()
          + "), so there is no comparison.");
    }
    boolean higherIsBetter = io.mlpm.ml.Metric.fromCode(metric).map(io.mlpm.ml.Metric::higherIsBetter)
        .orElse(true);
    boolean notWorse = mine != null && theirs != null && (higherIsBetter ? mine >= theirs : mine <= theirs);
    String message = String.format(java.util.Locale.ROOT,
        "On the same test rows, %s is %.4f for this model and %.4f for production model v%d: %s.", metric,
        mine == null ? Double.NaN : mine, theirs == null ? Double.NaN : theirs, champion.version(),
        notWorse ? "not worse" : "WORSE, so it must not replace it");
    return new ChampionComparison(champion.version(), metric, theirs, mine, notWorse, message);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
