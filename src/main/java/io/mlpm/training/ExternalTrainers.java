package io.mlpm.training;

import java.util.regex.Pattern;

/**
 * Candidates trained by the team's own code: {@code external:<topic>} in a charter's or a retry's
 * algorithms. The orchestrator publishes one external task on the topic per iteration; a worker in
 * the {@code trainers} group fetches it, downloads the rows, and uploads its predictions, which are
 * graded here like a built-in candidate's.
 */
public final class ExternalTrainers {

  public static final String PREFIX = "external:";
  /** Lower case, digits, dots, dashes and underscores; the {@code mlpm.} topics are the application's own. */
  private static final Pattern TOPIC = Pattern.compile("[a-z0-9][a-z0-9._-]{0,49}");

  /** The serving workers' topics (the deployment package's ServingAction; ServingTopicsTest keeps them equal). */
  static final java.util.List<String> SERVING_TOPICS = java.util.List.of("deploy-model", "rollback-model",
      "retire-model");

  private ExternalTrainers() {}

  public static boolean isExternal(String algorithm) {
    return algorithm != null && algorithm.trim().toLowerCase(java.util.Locale.ROOT).startsWith(PREFIX);
  }

  /**
   * The candidate's code, checked: {@code external:} and a topic a worker can subscribe to.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static String code(String algorithm) {
    String topic = algorithm.trim().substring(PREFIX.length()).trim();
    if (SERVING_TOPICS.contains(topic)) {
      throw new IllegalArgumentException("'" + algorithm.trim() + "' names a serving workers' topic (" + SERVING_TOPICS
          + " are reserved); name the trainer's topic otherwise, e.g. external:team-sklearn.");
    }
    if (!TOPIC.matcher(topic).matches() || topic.startsWith("mlpm.")) {
      throw new IllegalArgumentException("'" + algorithm.trim() + "' names no trainer topic: after '" + PREFIX
          + "' comes a topic of 1 to 50 lower-case letters, digits, '.', '-' or '_' (not starting with 'mlpm.'),"
          + " e.g. external:team-sklearn.");
    }
    return PREFIX + topic;
  }

  /** The topic of a candidate's code ({@link #code}). */
  public static String topic(String code) {
    return code.substring(PREFIX.length());
  }
}
