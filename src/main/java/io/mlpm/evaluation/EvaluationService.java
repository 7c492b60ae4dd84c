package io.mlpm.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.charter.SuccessCriterion;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparedSplit;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
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
    PreparedSplit prepared = data.loadSplit(version.splitId());
    TrainedModel model = TrainedModel.load(registry.artifact(modelVersionId), version.featureSchemaJson());
    Map<String, Double> metrics = evaluator.evaluate(model, prepared.data().test(), version.targetColumn());
    List<CriterionResult> results = CriteriaVerdict.check(criteria, metrics);
    boolean allMet = CriteriaVerdict.allMet(results);
    registry.recordEvaluation(modelVersionId, json(metrics), json(results), allMet);
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

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
