package io.mlpm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shared by the benchmarks (not a test): starts the application in-process on a random port and
 * drives it over HTTP as an external system would (HTTP Basic, demo users, password "demo").
 */
final class BenchApp implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  final ConfigurableApplicationContext context;
  final int port;
  final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private BenchApp(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** The demo profile on a fresh H2 file database under {@code dataDir}. */
  static BenchApp start(Path dataDir, Path datasetsRoot, boolean sampleProject) {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(MlpmApplication.class)
        .profiles("demo")
        .run("--server.port=0", "--mlpm.data-dir=" + dataDir.toAbsolutePath(),
            "--mlpm.datasets.root=" + datasetsRoot.toAbsolutePath(),
            "--mlpm.demo.sample-project=" + sampleProject);
    return new BenchApp(context);
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  String base() {
    return "http://localhost:" + port;
  }

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
      }
    }
  }

  Response post(String user, String path, Object body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
          .header("Content-Type", "application/json").header("Authorization", basic(user))
          .timeout(Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
          .build();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }

  Response get(String user, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base() + path))
          .header("Authorization", basic(user)).timeout(Duration.ofSeconds(120)).GET().build();
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }

  /** Starts a lifecycle over REST, as {@code user}; fails unless HTTP 200. */
  void startProject(String user, String key, Map<String, Object> charter) {
    Map<String, Object> vars = new HashMap<>();
    charter.forEach((k, v) -> vars.put(k, Map.of("value", v)));
    Response r = post(user, "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        Map.of("businessKey", key, "variables", vars));
    if (r.status() != 200) {
      throw new IllegalStateException("start of " + key + " failed: HTTP " + r.status() + " " + r.body());
    }
  }

  /** Polls the engine in-process (no authorization applies) until the project has this open task. */
  Task awaitTask(String key, String taskKey, Duration timeout, long pollMillis) {
    TaskService tasks = bean(TaskService.class);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Task> open = tasks.createTaskQuery().processInstanceBusinessKey(key).taskDefinitionKey(taskKey).list();
      if (!open.isEmpty()) {
        return open.get(0);
      }
      sleep(pollMillis);
    }
    throw new IllegalStateException("gave up waiting for task " + taskKey + " of " + key + "; open: "
        + tasks.createTaskQuery().processInstanceBusinessKey(key).list().stream()
            .map(Task::getTaskDefinitionKey).toList());
  }

  /** Completes a task over REST as {@code user} with Camunda variables {@code name, value, ...}. */
  void complete(String user, Task task, Object... variables) {
    Map<String, Object> vars = new LinkedHashMap<>();
    for (int i = 0; i < variables.length; i += 2) {
      vars.put((String) variables[i], Map.of("value", variables[i + 1]));
    }
    Response r = post(user, "/engine-rest/task/" + task.getId() + "/complete", Map.of("variables", vars));
    if (r.status() != 204) {
      throw new IllegalStateException(task.getTaskDefinitionKey() + " as " + user + ": HTTP " + r.status() + " "
          + r.body());
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
