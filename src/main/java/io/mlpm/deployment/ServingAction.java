package io.mlpm.deployment;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a serving worker is asked to do with a model trained outside, one external-task topic each.
 * The topics are reserved: no trainer's candidate may be named after them.
 */
public enum ServingAction {
  /** Serve the approved candidate; it becomes the production model once the worker reports where. */
  DEPLOY("deploy-model"),
  /** Serve the previous production version again (or withdraw the current one when this application serves it). */
  ROLLBACK("rollback-model"),
  /** Withdraw the production model: the project is retired. */
  RETIRE("retire-model");

  private final String topic;

  ServingAction(String topic) {
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  public static Optional<ServingAction> ofTopic(String topic) {
    return Arrays.stream(values()).filter(a -> a.topic.equals(topic)).findFirst();
  }

  public static boolean isServingTopic(String topic) {
    return ofTopic(topic).isPresent();
  }
}
