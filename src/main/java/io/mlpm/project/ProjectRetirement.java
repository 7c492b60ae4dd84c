package io.mlpm.project;

/** Ends a project in production (the lifecycle's retire message); implemented on the engine. */
public interface ProjectRetirement {

  /** @return false when the project is not waiting in production (nothing was changed) */
  boolean retire(String projectKey);
}
