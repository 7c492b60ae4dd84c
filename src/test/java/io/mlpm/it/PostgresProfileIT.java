package io.mlpm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.MlpmApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The production profile on a real PostgreSQL server: schema, engine and a project's first steps. */
class PostgresProfileIT {

  @TempDir
  Path dir;

  @Test
  void theApplicationRunsAProjectOnPostgres() throws Exception {
    Files.createDirectories(dir.resolve("datasets"));
    try (InputStream in = getClass().getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, dir.resolve("datasets/iris.csv"));
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext app = new SpringApplicationBuilder(MlpmApplication.class)
            .profiles("postgres").run(
                "--server.port=0",
                "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--mlpm.security.admin-password=s3cret-for-test",
                "--mlpm.datasets.root=" + dir.resolve("datasets"))) {
      Http http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
      // Outside the demo profile only the configured administrator exists.
      assertThat(http.get("sponsor", "/api/projects/x").status()).isEqualTo(401);
      // Outside the demo profile nobody deploys over REST, administrators included.
      Http.Response deployment = http.postRaw("admin", "s3cret-for-test", "/engine-rest/deployment/create", "{}");
      assertThat(deployment.status()).as(deployment.body()).isEqualTo(403);
      assertThat(deployment.body()).contains("outside the demo profile");
      // The charter's sponsor must be a member of 'sponsors': the administrator creates one.
      assertThat(http.postRaw("admin", "s3cret-for-test", "/engine-rest/user/create", Http.write(Map.of(
          "profile", Map.of("id", "pat", "firstName", "Pat", "lastName", "Sponsor"),
          "credentials", Map.of("password", "another-s3cret")))).status()).isEqualTo(204);
      assertThat(http.send("admin", "s3cret-for-test", java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          "http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort()
              + "/engine-rest/group/sponsors/members/pat")).PUT(java.net.http.HttpRequest.BodyPublishers.noBody()))
          .status()).isEqualTo(204);
      Http.Response started = http.postRaw("admin", "s3cret-for-test",
          "/engine-rest/process-definition/key/ml-project-lifecycle/start", Http.write(Map.of(
              "businessKey", "pg-iris",
              "variables", Http.variables("projectName", "Iris on Postgres", "businessProblem", "species",
                  "sponsor", "pat", "datasetUri", "iris.csv", "targetColumn", "species",
                  "taskType", "classification",
                  "successCriteria", "[{\"metric\":\"accuracy\",\"operator\":\">=\",\"threshold\":0.8}]"))));
      assertThat(started.status()).as(started.body()).isEqualTo(200);
      JsonNode project = http.send("admin", "s3cret-for-test", java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort()
              + "/api/projects/pg-iris")).GET()).json();
      assertThat(project.get("phase").asText()).isEqualTo("charter-approval");
      assertThat(project.get("openTasks").get(0).get("taskKey").asText()).isEqualTo("approveCharter");
      // The engine's tables came from Camunda's Liquibase changelog, not from the engine altering them.
      try (java.sql.Connection db = pg.getPostgresDatabase().getConnection();
          java.sql.ResultSet changes = db.createStatement().executeQuery(
              "SELECT string_agg(id, ',') FROM databasechangelog");
          java.sql.ResultSet version = db.createStatement().executeQuery(
              "SELECT version_ FROM act_ge_schema_log ORDER BY timestamp_ DESC")) {
        assertThat(changes.next()).isTrue();
        assertThat(changes.getString(1)).contains("7.16.0-baseline").contains("7.24");
        assertThat(version.next()).isTrue();
        assertThat(version.getString(1)).startsWith("7.24");
      }
      assertThat(app.getEnvironment().getProperty("camunda.bpm.database.schema-update")).isEqualTo("false");
    }
  }

  /**
   * A database whose engine tables an earlier release made (the engine's schema-update, no
   * changelog) is adopted on the first start of this one: marked as run up to its version, not
   * created again, and its projects carry on.
   */
  @Test
  void engineTablesMadeByAnEarlierReleaseAreAdopted() throws Exception {
    Files.createDirectories(dir.resolve("datasets"));
    try (InputStream in = getClass().getResourceAsStream("/demo/iris.csv")) {
      Files.copy(in, dir.resolve("datasets/iris.csv"));
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String[] common = {"--server.port=0", "--spring.datasource.url=" + pg.getJdbcUrl("postgres", "postgres"),
          "--spring.datasource.username=postgres", "--spring.datasource.password=",
          "--mlpm.datasets.root=" + dir.resolve("datasets"), "--mlpm.data-dir=" + dir.resolve("data")};
      String[] earlier = java.util.stream.Stream.concat(java.util.Arrays.stream(common), java.util.stream.Stream.of(
          "--spring.liquibase.enabled=false", "--camunda.bpm.database.schema-update=true")).toArray(String[]::new);
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MlpmApplication.class)
          .profiles("postgres", "demo").run(earlier)) {
        Http http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        assertThat(http.post("admin", "/engine-rest/process-definition/key/ml-project-lifecycle/start",
            ExternalSystemIT.charter("pg-adopted")).status()).isEqualTo(200);
        http.awaitTask("sponsor", "pg-adopted", "approveCharter");
      }
      try (java.sql.Connection db = pg.getPostgresDatabase().getConnection();
          java.sql.ResultSet tables = db.getMetaData().getTables(null, null, "databasechangelog", null)) {
        assertThat(tables.next()).as("no changelog before").isFalse();
      }
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MlpmApplication.class)
          .profiles("postgres", "demo").run(common)) {
        Http http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        http.complete("sponsor", "pg-adopted", "approveCharter", "approved", true);
        http.awaitTask("steward", "pg-adopted", "approveDataset");
      }
      try (java.sql.Connection db = pg.getPostgresDatabase().getConnection();
          java.sql.ResultSet changes = db.createStatement().executeQuery(
              "SELECT string_agg(id, ',') FROM databasechangelog")) {
        // Marked as run (creating a table again would have failed the start, and the project with it).
        assertThat(changes.next()).isTrue();
        assertThat(changes.getString(1)).as("the changelog marked as run").contains("7.16.0-baseline")
            .contains("7.24.0-tag");
      }
    }
  }
}
