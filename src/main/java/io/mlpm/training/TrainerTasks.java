package io.mlpm.training;

import java.util.Optional;

/** Port: the external trainers' tasks as the engine holds them (implemented in {@code process/}). */
public interface TrainerTasks {

  /** An external trainer's task of one iteration's external candidate. */
  record TrainerTask(String taskId, String projectKey, long splitId, int iteration, String algorithm) {}

  /**
   * The task, if it is a trainer's task now locked by this worker (a trainer fetches and locks with
   * its user name as worker id): the download links and the upload are valid for the lock alone.
   */
  Optional<TrainerTask> lockedBy(String taskId, String worker);
}
