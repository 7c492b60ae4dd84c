package io.mlpm.data;

import java.util.List;
import java.util.Map;

/**
 * Port: the data quality policy (a DMN table the process owners keep, evaluated by the engine): the
 * checks it fails or warns about for a profile's figures and the charter's thresholds.
 */
@FunctionalInterface
public interface QualityPolicy {

  List<PolicyHit> hits(Map<String, Object> inputs);
}
