package io.mlpm.evaluation;

import io.mlpm.training.ModelDevelopmentService;
import org.springframework.stereotype.Service;

/**
 * The selected candidate's final verdict: retrained with its chosen parameters on training plus
 * validation rows (a model selected on validation data need not leave those rows unused), then
 * evaluated once on the test split, which neither selection nor the refit has read.
 */
@Service
public class FinalEvaluation {

  private final ModelDevelopmentService development;
  private final EvaluationService evaluation;

  public FinalEvaluation(ModelDevelopmentService development, EvaluationService evaluation) {
    this.development = development;
    this.evaluation = evaluation;
  }

  public EvaluationService.CandidateVerdict judge(long candidateId) {
    development.refit(candidateId);
    return evaluation.judgeCandidate(candidateId);
  }
}
