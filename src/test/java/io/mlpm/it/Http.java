package io.mlpm.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

/** Real HTTP against the running application, as an external system would call it. */
public final class Http {

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  public Http(int port) {
    this.base = "http://localhost:" + port;
  }

  public record Response(int status, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
      }
    }
  }

  public int status(String user, String path) {
    return get(user, path).status();
  }

  /** GET that must answer 200 with JSON. */
  public JsonNode json(String user, String path) {
    Response r = get(user, path);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + " as " + user + ": HTTP " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** POST that must answer with the expected status. */
  public void postExpect(int expected, String user, String path, Object body) {
    Response r = post(user, path, body);
    if (r.status() != expected) {
      throw new AssertionError("POST " + path + " as " + user + ": expected HTTP " + expected + ", got " + r.status()
          + " " + r.body());
    }
  }

  public Response get(String user, String path) {
    return send(user, "demo", HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response post(String user, String path, Object body) {
    return postRaw(user, "demo", path, body instanceof String s ? s : write(body));
  }

  /** Any method with a JSON body (none when null), as the user with the demo password. */
  public Response request(String user, String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8);
    return send(user, "demo", HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").method(method, publisher));
  }

  public Response postRaw(String user, String password, String path, String body) {
    return send(user, password, HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  public Response send(String user, String password, HttpRequest.Builder request) {
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new AssertionError("HTTP call failed: " + e, e);
    }
  }

  /** Polls until the answer satisfies the condition; the job executor works asynchronously. */
  public JsonNode await(String user, String path, Predicate<JsonNode> condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = get(user, path);
      if (last.status() == 200 && condition.test(last.json())) {
        return last.json();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("gave up waiting for " + what + "; last answer: " + (last == null ? null : last.body()));
  }

  /** Waits for the project's open user task with this key and returns its id. */
  public String awaitTask(String user, String projectKey, String taskKey) {
    JsonNode tasks = await(user, "/engine-rest/task?processInstanceBusinessKey=" + projectKey
        + "&taskDefinitionKey=" + taskKey, n -> n.size() == 1, taskKey + " of " + projectKey);
    return tasks.get(0).get("id").asText();
  }

  /** Waits for the project's task, completes it with these variables as {@code user}, and expects 204. */
  public void complete(String user, String projectKey, String taskKey, Object... variables) {
    String id = awaitTask(user, projectKey, taskKey);
    Response r = post(user, "/engine-rest/task/" + id + "/complete", java.util.Map.of("variables", variables(variables)));
    if (r.status() != 204) {
      throw new AssertionError(taskKey + " of " + projectKey + " by " + user + ": " + r.status() + " " + r.body());
    }
  }

  /** Fires the project's health-check timer now (as administrator), as the engine would when its time comes. */
  public void fireHealthCheck(String projectKey) {
    String pi = get("admin", "/engine-rest/process-instance?businessKey=" + projectKey
        + "&processDefinitionKey=ml-project-lifecycle").json().get(0).get("id").asText();
    JsonNode timers = await("admin", "/engine-rest/job?timers=true&processInstanceId=" + pi,
        j -> j.size() == 1, "the health-check timer");
    Response fired = post("admin", "/engine-rest/job/" + timers.get(0).get("id").asText() + "/execute",
        java.util.Map.of());
    if (fired.status() != 204) {
      throw new AssertionError("health check of " + projectKey + ": " + fired.status() + " " + fired.body());
    }
  }

  public static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Camunda REST variables: {"name": {"value": v}}. */
  public static java.util.Map<String, Object> variables(Object... pairs) {
    java.util.Map<String, Object> vars = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put((String) pairs[i], java.util.Map.of("value", pairs[i + 1]));
    }
    return vars;
  }
}
