package io.mlpm.training;

import io.mlpm.registry.ModelVersion;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Model development of a project, one call per step: plan an iteration, train one of its candidates,
 * select the best. The charter's terms are read by project key; the team's last choice comes with
 * the call.
 */
@Service
public class ModelDevelopment {

  /** One candidate as {@code reviewIteration} lists it. */
  /** @param givenUp why an external candidate was given up (then no validation figure), else null */
  public record CandidateRow(String algorithm, Double validation, int trials, boolean selected, String givenUp) {

    public CandidateRow(String algorithm, Double validation, int trials, boolean selected) {
      this(algorithm, validation, trials, selected, null);
    }
  }

  /**
   * The selected candidate of an iteration, why, the candidates compared on the first criterion's
   * metric and the selected one's validation metrics.
   */
  public record Selected(long modelVersionId, String algorithm, String reason, String primaryMetric,
      List<CandidateRow> candidates, Map<String, Double> validationMetrics) {}

  private final ModelDevelopmentService development;
  private final ProjectDevelopmentTerms terms;

  private final ExternalCandidates external;

  public ModelDevelopment(ModelDevelopmentService development, ProjectDevelopmentTerms terms) {
    this(development, terms, null);
  }

  @org.springframework.beans.factory.annotation.Autowired
  public ModelDevelopment(ModelDevelopmentService development, ProjectDevelopmentTerms terms,
      ExternalCandidates external) {
    this.development = development;
    this.terms = terms;
    this.external = external;
  }

  /** What an iteration trains: the team's choice where it made one, else the charter's, else the defaults. */
  public ModelDevelopmentService.IterationPlan plan(String projectKey, TeamChoice choice) {
    DevelopmentTerms t = terms.of(projectKey);
    List<String> named = choice.algorithms() == null ? t.algorithms() : choice.algorithms();
    List<String> algorithms = named.isEmpty() ? Algorithm.defaults(t.taskType()).stream().map(Algorithm::code).toList()
        : named.stream().map(a -> ExternalTrainers.isExternal(a) ? ExternalTrainers.code(a)
            : Algorithm.of(a, t.taskType()).code()).distinct().toList();
    Integer budget = choice.tuningBudget() != null ? choice.tuningBudget() : t.tuningBudget();
    return new ModelDevelopmentService.IterationPlan(algorithms,
        budget == null ? CandidateTrainer.DEFAULT_TUNING_BUDGET : budget,
        choice.excludedColumns() == null ? t.excludedColumns() : choice.excludedColumns(), t.primaryMetric());
  }

  /** Trains and tunes one candidate of the iteration's plan; @return the stored model version's id */
  public long train(String projectKey, long splitId, int iteration, String algorithm, TeamChoice choice) {
    return development.trainCandidate(projectKey, splitId, iteration, algorithm, plan(projectKey, choice));
  }

  /** The best candidate of the iteration by the first criterion's metric on validation data, recorded. */
  public Selected select(String projectKey, int iteration) {
    String primary = terms.of(projectKey).primaryMetric();
    ModelDevelopmentService.SelectionOutcome outcome = development.select(projectKey, iteration, primary);
    List<CandidateRow> rows = new java.util.ArrayList<>();
    Map<String, Double> selectedMetrics = Map.of();
    for (ModelVersion c : outcome.candidates()) {
      Map<String, Double> validation = ModelDevelopmentService.metrics(c.validationMetricsJson());
      boolean selected = c.id() == outcome.modelVersionId();
      rows.add(new CandidateRow(c.algorithm(), validation.get(primary), trials(c), selected));
      selectedMetrics = selected ? validation : selectedMetrics;
    }
    if (external != null) {
      // The external candidates given up show beside the others, with why.
      for (String why : external.givenUp(projectKey, iteration)) {
        rows.add(new CandidateRow(why.substring(0, why.indexOf(' ')), null, 0, false, why));
      }
    }
    return new Selected(outcome.modelVersionId(), outcome.algorithm(), outcome.reason(), primary, List.copyOf(rows),
        selectedMetrics);
  }

  private static int trials(ModelVersion c) {
    return ModelDevelopmentService.trialCount(c.trialsJson());
  }
}
