package io.mlpm.evaluation;

import java.util.List;
import java.util.Map;

/** Test-split metrics of a candidate and its verdict against each success criterion. */
public record EvaluationOutcome(long modelVersionId, Map<String, Double> metrics, List<CriterionResult> criteria,
    boolean allMet) {}
