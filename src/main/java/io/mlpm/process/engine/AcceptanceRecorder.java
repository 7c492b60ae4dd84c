package io.mlpm.process.engine;

import org.camunda.bpm.engine.delegate.DelegateTask;

/** Records an accepted degradation so the same findings stay quiet for the configured period. */
interface AcceptanceRecorder {

  void accept(DelegateTask reviewDegradation, String reason);
}
