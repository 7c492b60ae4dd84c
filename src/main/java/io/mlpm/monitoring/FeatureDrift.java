package io.mlpm.monitoring;

import java.time.Instant;
import java.util.List;

/**
 * How far the served values of one feature moved from its training distribution.
 *
 * @param psi population stability index over the sample; null when there were no predictions
 * @param sampleSize predictions the figure is computed over
 * @param missing of those, how many had no (usable) value for the feature
 * @param level {@code ok}, {@code warn} or {@code fail} against the thresholds; null without psi
 * @param accepted a person accepted this feature's drift until after the check: it is shown but
 *     left out of {@link HealthReport#maxPsi()}
 * @param buckets expected (training) and actual (served) proportion per bucket
 */
public record FeatureDrift(
    String feature,
    FeatureBaseline.Kind kind,
    Double psi,
    int sampleSize,
    int missing,
    String level,
    boolean accepted,
    String acceptedBy,
    Instant acceptedUntil,
    String acceptanceReason,
    List<Bucket> buckets) {

  public static final String OK = "ok";
  public static final String WARN = "warn";
  public static final String FAIL = "fail";

  public FeatureDrift {
    buckets = List.copyOf(buckets);
  }

  /** One bucket of the comparison. */
  public record Bucket(String label, double expected, double actual) {}
}
