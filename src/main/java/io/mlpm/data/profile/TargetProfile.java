package io.mlpm.data.profile;

import java.util.Map;

/**
 * The target column: class counts for classification (missing targets not counted), and the
 * share of the smallest class; for regression its column profile carries the distribution.
 */
public record TargetProfile(String column, boolean present, Map<String, Long> classCounts, Double minorityClassRatio,
    long missing) {}
