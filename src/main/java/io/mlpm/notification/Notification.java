package io.mlpm.notification;

import java.util.List;
import java.util.Map;

/**
 * One event to tell people and subscribers about, as it is kept in the outbox: who should get the
 * e-mail is named by groups and users, resolved to addresses when it is sent.
 *
 * @param type       what happened
 * @param projectKey the project it happened in
 * @param subject    one line (the e-mail's subject, the webhook's summary)
 * @param text       what a person needs to act on it
 * @param link       where to act or read more
 * @param groups     whose members get the e-mail
 * @param users      who else gets it
 * @param data       the facts for machines (webhook body), e.g. task id or model version
 */
public record Notification(EventType type, String projectKey, String subject, String text, String link,
    List<String> groups, List<String> users, Map<String, Object> data) {

  public Notification {
    groups = groups == null ? List.of() : List.copyOf(groups);
    users = users == null ? List.of() : users.stream().filter(u -> u != null && !u.isBlank()).toList();
    Map<String, Object> facts = new java.util.LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> {
        if (k != null && v != null) {
          facts.put(k, v);
        }
      });
    }
    data = java.util.Collections.unmodifiableMap(facts);
  }
}
