package io.mlpm.process.engine;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each sign-off may wait ({@code mlpm.sign-offs.*}, see application.yaml): its due date is
 * set when the task is created, from {@code due-by} for its task key, else {@code due}. A charter's
 * {@code signOffDays} replaces both for its project. At the due date its candidates are reminded;
 * {@code escalate-after} later the project's sponsor is asked to act ({@link SignOffWatch}, every
 * {@code watch-interval}).
 */
@ConfigurationProperties(prefix = "mlpm.sign-offs")
public record SignOffDueSettings(Duration due, Map<String, Duration> dueBy, Duration escalateAfter,
    Duration watchInterval) {

  public SignOffDueSettings {
    due = due == null || due.isNegative() || due.isZero() ? Duration.ofDays(3) : due;
    dueBy = dueBy == null ? Map.of() : Map.copyOf(dueBy);
    escalateAfter = escalateAfter == null || escalateAfter.isNegative() ? Duration.ofDays(1) : escalateAfter;
    watchInterval = watchInterval == null || watchInterval.isNegative() || watchInterval.isZero()
        ? Duration.ofMinutes(1) : watchInterval;
  }

  /** The wait allowed for a task of this key, or the project's own when its charter sets one. */
  Duration dueAfter(String taskKey, Integer charterDays) {
    if (charterDays != null && charterDays > 0) {
      return Duration.ofDays(charterDays);
    }
    Duration configured = dueBy.get(taskKey);
    return configured == null || configured.isNegative() || configured.isZero() ? due : configured;
  }
}
