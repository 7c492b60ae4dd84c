package io.mlpm.charter;

import java.util.HashMap;
import java.util.Map;

/** Start variables of a valid charter for tests: Iris, classified by species, accuracy at least 0.8. */
public final class TestCharters {

  private TestCharters() {}

  /** A fresh, mutable map: tests change a field to see what the validator says. */
  public static Map<String, Object> iris(String sponsor) {
    Map<String, Object> v = new HashMap<>();
    v.put("projectName", "Iris");
    v.put("businessProblem", "Identify species");
    v.put("sponsor", sponsor);
    v.put("datasetUri", "iris.csv");
    v.put("targetColumn", "species");
    v.put("taskType", "classification");
    v.put("successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]");
    return v;
  }
}
