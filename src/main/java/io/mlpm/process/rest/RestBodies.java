package io.mlpm.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.security.WebSecurityConfiguration;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Reading engine REST bodies in a filter, and answering in the engine's error shape. */
final class RestBodies {

  private RestBodies() {}

  /** Camunda's {@code {"name": {"value": ..., "type": ...}}} to plain values. */
  static Map<String, Object> variables(JsonNode node) {
    Map<String, Object> values = new HashMap<>();
    if (node == null || !node.isObject()) {
      return values;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue().isObject() ? e.getValue().get("value") : e.getValue();
      if (value == null || value.isNull()) {
        values.put(e.getKey(), null);
      } else if (value.isTextual()) {
        values.put(e.getKey(), value.asText());
      } else if (value.isIntegralNumber()) {
        values.put(e.getKey(), value.asLong());
      } else if (value.isNumber()) {
        values.put(e.getKey(), value.asDouble());
      } else if (value.isBoolean()) {
        values.put(e.getKey(), value.asBoolean());
      } else {
        values.put(e.getKey(), value.toString());
      }
    }
    return values;
  }

  /** Who calls: the user Spring Security let in over REST, or the webapp session's user (Tasklist); null if none. */
  static String user(HttpServletRequest request) {
    return request.getUserPrincipal() != null ? request.getUserPrincipal().getName()
        : io.mlpm.security.WebappSessions.user(request);
  }

  /** Whether a start route names this process: by its key, or by the id of one of its definitions. */
  static boolean starts(org.camunda.bpm.engine.RepositoryService repository, String processKey, String key, String id) {
    if (key != null) {
      return processKey.equals(key);
    }
    var definition = repository.createProcessDefinitionQuery().processDefinitionId(id).singleResult();
    return definition != null && processKey.equals(definition.getKey());
  }

  /**
   * The engine REST path of the request (without the context path) if it is a POST, else null;
   * percent-escapes decoded, as the engine's router decodes them before it picks a process or task
   * ({@code /key/%63harter-change/start} is {@code charter-change}). The firewall has refused the
   * escapes that could change the path's shape (slashes, dots, percent, semicolons) before this.
   */
  static String postPath(HttpServletRequest request) {
    if (!"POST".equalsIgnoreCase(request.getMethod())) {
      return null;
    }
    String raw = request.getRequestURI().substring(request.getContextPath().length());
    try {
      return raw.indexOf('%') < 0 ? raw
          : org.springframework.web.util.UriUtils.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // not a valid escape: the engine's router answers it
    }
  }

  /**
   * The request body, at most the engine API's cap ({@code mlpm.http.max-engine-body}); null after
   * answering 413 when it is larger. BodyLimitFilter runs first and refuses a longer body before
   * it is read; this bound keeps the guard safe should that order ever change.
   */
  static byte[] readBody(HttpServletRequest request, HttpServletResponse response, String what, HttpLimits limits)
      throws IOException {
    int max = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxEngineBody().toBytes());
    byte[] body = request.getInputStream().readNBytes(max + 1);
    if (body.length > max) {
      reject(response, 413, "PayloadTooLarge", "The " + what + " is larger than " + limits.maxEngineBody() + ".");
      return null;
    }
    return body;
  }

  static void reject(HttpServletResponse response, int status, String type, String message) throws IOException {
    WebSecurityConfiguration.error(response, status, type, message);
  }
}
