package io.mlpm.notification;

import java.util.Arrays;
import java.util.Optional;

/** What a notification tells; the name is what webhook subscriptions list and receive. */
public enum EventType {
  TASK_CREATED("task.created"),
  TASK_OVERDUE("task.overdue"),
  MODEL_PROMOTED("model.promoted"),
  MODEL_ROLLED_BACK("model.rolled-back"),
  MODEL_RETIRED("model.retired"),
  MODEL_DEGRADED("model.degraded");

  private final String id;

  EventType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<EventType> of(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
