package io.mlpm.deployment;

import java.util.Optional;

/** Port: the serving workers' tasks as the engine holds them (implemented in {@code process/}). */
public interface ServingTasks {

  /**
   * A serving task of a project's lifecycle.
   *
   * @param candidateId the approved candidate to deploy ({@link ServingAction#DEPLOY} only, else null)
   */
  record ServingTask(String taskId, String projectKey, ServingAction action, Long candidateId) {}

  /** The task, if it is a serving task now locked by this worker (its user name as worker id). */
  Optional<ServingTask> lockedBy(String taskId, String worker);

  /** Completes the task in the worker's name, once its report is recorded. */
  void complete(String taskId, String worker);
}
