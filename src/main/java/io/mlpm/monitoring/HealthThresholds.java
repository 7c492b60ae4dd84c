package io.mlpm.monitoring;

/**
 * The limits the findings of a health check are worded against. The verdict itself is decided by
 * the monitoring DMN from {@link HealthReport#policyInputs()}; pass the same figures here so the
 * sentences match it.
 *
 * @param psiWarn PSI from which a feature counts as shifted
 * @param psiFail PSI from which a feature counts as drifted
 * @param maxMetricDrop allowed relative degradation of the live metric (0.1 = 10 % worse)
 * @param minPredictions predictions needed before drift figures are meaningful
 * @param minFeedback labelled predictions needed before live metrics are computed
 */
public record HealthThresholds(double psiWarn, double psiFail, double maxMetricDrop, int minPredictions,
    int minFeedback) {

  public static final HealthThresholds DEFAULTS = new HealthThresholds(0.1, 0.25, 0.1, 100, 30);

  public HealthThresholds {
    if (!(psiWarn > 0) || !(psiFail >= psiWarn)) {
      throw new IllegalArgumentException("PSI thresholds need 0 < psiWarn <= psiFail, got warn " + psiWarn
          + " and fail " + psiFail + ".");
    }
    if (!(maxMetricDrop >= 0)) {
      throw new IllegalArgumentException("maxMetricDrop must be 0 or more, got " + maxMetricDrop + ".");
    }
    if (minPredictions < 1 || minFeedback < 1) {
      throw new IllegalArgumentException("minPredictions and minFeedback must be at least 1, got "
          + minPredictions + " and " + minFeedback + ".");
    }
  }
}
