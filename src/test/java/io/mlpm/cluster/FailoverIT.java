package io.mlpm.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.it.Http;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two application processes from the built jar on one real PostgreSQL, as a cluster runs: the node
 * training a candidate is killed with {@code kill -9}; the other takes the training up once the
 * short lock has expired, and the project reaches production with nothing lost or doubled. Run by
 * {@code mvn verify} (failsafe), after the jar is packaged.
 */
class FailoverIT {

  private static final String KEY = "failover";
  /** Every node of a cluster signs the audit chain with the same key. */
  private static final String AUDIT_KEY = "failover-test-audit-key-of-32-characters-at-least";

  private final Path work = Path.of("target", "failover-it").toAbsolutePath();
  private final List<Node> nodes = new ArrayList<>();
  private EmbeddedPostgres postgres;

  @AfterEach
  void stop() throws IOException {
    nodes.forEach(Node::stop);
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aNodeKilledWhileTrainingLosesNothingAndTheOtherTakesItsWorkUp() throws Exception {
    Path datasets = Files.createDirectories(work.resolve("datasets"));
    writeDataset(datasets.resolve("clusters.csv"), 60_000);
    postgres = EmbeddedPostgres.builder().start();
    String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
    // Both at once on an empty database, as `docker-compose up --scale app=2` starts them: schema,
    // process deployment and users are set up once between them.
    Node a = start("node-a", jdbcUrl, datasets);
    Node b = start("node-b", jdbcUrl, datasets);
    a.awaitUp();
    b.awaitUp();

    Http.Response started = a.http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
        Map.of("businessKey", KEY, "variables", Http.variables("projectName", "Customer segments",
            "businessProblem", "Which segment a customer belongs to", "sponsor", "sponsor",
            "datasetUri", "clusters.csv", "targetColumn", "segment", "taskType", "classification",
            "algorithms", "random_forest",
            "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.5}]")));
    assertThat(started.status()).as(started.body()).isEqualTo(200);

    // The same sign-off completed on both nodes at the same moment: one wins, the other learns it lost.
    String charterTask = a.http.awaitTask("sponsor", KEY, "approveCharter");
    List<Http.Response> both = atTheSameMoment(
        a.http, b.http, "/engine-rest/task/" + charterTask + "/complete",
        Map.of("variables", Http.variables("approved", true, "comment", "go")));
    assertThat(both.stream().map(Http.Response::status).sorted().toList()).as(both.toString())
        .containsExactly(204, 409);
    assertThat(both.stream().filter(r -> r.status() == 409).findFirst().orElseThrow().body()).contains("TaskConflict");

    b.http.complete("steward", KEY, "approveDataset", "approved", true, "comment", "generated, clean");

    // Whichever node locked the candidate's training is killed while it trains.
    JsonNode training = a.http.await("admin", "/engine-rest/external-task?topicName=mlpm.trainCandidates&locked=true",
        n -> n.size() == 1, "the candidate's training locked by a node");
    String trainer = training.get(0).get("workerId").asText();
    Node victim = trainer.equals(a.name) ? a : b;
    Node survivor = victim == a ? b : a;
    Thread.sleep(1000);
    JsonNode stillTraining = survivor.http.get("admin", "/engine-rest/external-task/"
        + training.get(0).get("id").asText()).json();
    assertThat(stillTraining.get("workerId").asText()).as("the victim still trains when killed").isEqualTo(victim.name);
    victim.kill9();

    survivor.http.await("admin", "/engine-rest/external-task?topicName=mlpm.trainCandidates&workerId=" + survivor.name,
        n -> n.size() == 1, "the survivor taking the training up");
    survivor.http.complete("sponsor", KEY, "approveDeployment", "approved", true, "comment", "ship it");
    survivor.http.await("engineer", "/api/projects/" + KEY, p -> p.get("phase").asText().equals("production"),
        "production");

    // Nothing lost, nothing doubled.
    assertThat(survivor.http.get("admin", "/engine-rest/incident/count").json().get("count").asInt())
        .as("incidents").isZero();
    try (Connection db = postgres.getPostgresDatabase().getConnection()) {
      assertThat(rows(db, "SELECT algorithm || '#' || iteration FROM mlpm_model_version WHERE project_key = '"
          + KEY + "'")).as("one model version per candidate").containsExactly("random_forest#1");
      List<String> signOffs = rows(db, "SELECT task_id FROM mlpm_sign_off WHERE project_key = '" + KEY + "'");
      List<String> completed = rows(db, "SELECT t.id_ FROM act_hi_taskinst t JOIN act_hi_procinst p"
          + " ON p.id_ = t.root_proc_inst_id_ WHERE p.business_key_ = '" + KEY + "' AND t.delete_reason_ = 'completed'");
      assertThat(signOffs).as("one sign-off record per completed task").hasSize(3)
          .containsExactlyInAnyOrderElementsOf(completed);
      assertThat(rows(db, "SELECT action || ' ' || coalesce(detail, '') FROM mlpm_audit WHERE project_key = '" + KEY
          + "' GROUP BY action, detail HAVING count(*) > 1")).as("one audit record per event").isEmpty();
      assertThat(rows(db, "SELECT worker_id_ FROM act_hi_ext_task_log WHERE topic_name_ = 'mlpm.trainCandidates'"
          + " AND state_ = 2")) // 2: successful
          .as("the training finished by the survivor").containsExactly(survivor.name);
    }
    JsonNode audit = survivor.http.get("compliance", "/api/projects/" + KEY + "/audit").json();
    assertThat(audit.get("verified").asBoolean()).as(audit.toString()).isTrue();
  }

  private Node start(String name, String jdbcUrl, Path datasets) throws Exception {
    Node node = Node.start(name, work, jdbcUrl, datasets, AUDIT_KEY);
    nodes.add(node);
    return node;
  }

  /** Two requests released together, one to each node. */
  private static List<Http.Response> atTheSameMoment(Http first, Http second, String path, Object body) {
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Http.Response> one = CompletableFuture.supplyAsync(() -> after(go, () -> first.post("sponsor",
        path, body)));
    CompletableFuture<Http.Response> two = CompletableFuture.supplyAsync(() -> after(go, () -> second.post("sponsor",
        path, body)));
    go.countDown();
    return List.of(one.join(), two.join());
  }

  private static Http.Response after(CountDownLatch go, java.util.function.Supplier<Http.Response> call) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return call.get();
  }

  private static List<String> rows(Connection db, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Three segments of customers over ten numeric columns, noisy enough that a forest takes a while. */
  private static void writeDataset(Path file, int rows) throws IOException {
    Random random = new Random(42);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,segment\n");
      for (int r = 0; r < rows; r++) {
        double[] x = new double[10];
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.round(random.nextGaussian() * 1000) / 100.0;
          line.append(x[i]).append(',');
        }
        double score = x[0] + 0.5 * x[1] - x[2] * x[3] / 10 + random.nextGaussian() * 4;
        line.append(score < -3 ? "low" : score < 3 ? "mid" : "high").append('\n');
        out.write(line.toString());
      }
    }
  }

  /** One application process from the packaged jar, its output in target/failover-it/&lt;name&gt;.log. */
  private static final class Node {
    final String name;
    final Process process;
    final Http http;
    final Path log;

    private Node(String name, Process process, int port, Path log) {
      this.name = name;
      this.process = process;
      this.http = new Http(port);
      this.log = log;
    }

    static Node start(String name, Path work, String jdbcUrl, Path datasets, String auditKey) throws IOException {
      String jar = System.getProperty("mlpm.jar");
      assertThat(jar).as("the packaged jar (failsafe passes -Dmlpm.jar)").isNotNull();
      assertThat(Path.of(jar)).exists();
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path log = work.resolve(name + ".log");
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx768m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar,
          "--spring.profiles.active=postgres,demo",
          "--mlpm.demo.sample-project=false",
          "--server.port=" + port,
          "--spring.datasource.url=" + jdbcUrl,
          "--spring.datasource.username=postgres",
          "--spring.datasource.password=",
          "--mlpm.datasets.root=" + datasets,
          "--mlpm.data-dir=" + work.resolve(name),
          "--mlpm.audit.signing-key=" + auditKey,
          "--mlpm.workers.worker-id=" + name,
          // A short lock, so that the dead node's training is taken up within seconds.
          "--mlpm.workers.lock-duration=6s")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new Node(name, process, port, log);
    }

    void awaitUp() throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
        }
        try {
          if (http.get("admin", "/engine-rest/engine").status() == 200) {
            return;
          }
        } catch (RuntimeException | AssertionError notYet) {
          // not listening yet
        }
        Thread.sleep(500);
      }
      throw new AssertionError(name + " did not start within 180 s:\n" + tail());
    }

    void kill9() throws Exception {
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " died").isTrue();
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }

    String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }
}
