package io.mlpm.ml;

import java.util.Locale;
import java.util.Optional;

/** What the model predicts: a class label or a number. */
public enum TaskType {
  CLASSIFICATION,
  REGRESSION;

  /** The charter's spelling: {@code classification} or {@code regression}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TaskType> fromCode(String code) {
    if (code == null) {
      return Optional.empty();
    }
    for (TaskType t : values()) {
      if (t.code().equals(code.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
