package io.mlpm.monitoring;

import java.util.Map;

/**
 * The monitoring policy (a DMN table the process owners keep, evaluated by the engine): the health
 * verdict for a check's figures ({@link HealthReport#policyInputs()}).
 */
@FunctionalInterface
public interface HealthPolicy {

  String verdict(Map<String, Object> inputs);
}
