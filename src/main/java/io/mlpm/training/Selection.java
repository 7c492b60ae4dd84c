package io.mlpm.training;

/**
 * The candidate {@link ModelSelection} chose.
 *
 * @param reason for people, e.g. "random_forest: validation accuracy 0.953 vs
 *     logistic_regression 0.947, majority_baseline 0.333"
 */
public record Selection(CandidateResult selected, String primaryMetric, String reason) {}
