package io.mlpm.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The application of an HTTP test: its own database and dataset root below a temporary folder. */
public final class TestApp {

  private TestApp() {}

  /** The database in {@code dir/db}, datasets in {@code dir/datasets}, no sample project. */
  public static void properties(DynamicPropertyRegistry registry, Path dir) {
    registry.add("mlpm.data-dir", () -> dir.resolve("db").toString());
    registry.add("mlpm.datasets.root", () -> dir.resolve("datasets").toString());
    registry.add("mlpm.demo.sample-project", () -> "false");
  }

  /** Copies the demo's iris.csv into the dataset root. */
  public static void irisDataset(Path dir) {
    try (InputStream in = TestApp.class.getResourceAsStream("/demo/iris.csv")) {
      Files.createDirectories(dir.resolve("datasets"));
      Files.copy(in, dir.resolve("datasets/iris.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 150 flowers whose petals are far longer than any in training: the health check finds drift. */
  public static java.util.List<java.util.Map<String, Object>> driftedIris() {
    java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      rows.add(java.util.Map.of("sepal_length", 4.5 + (i % 30) / 10.0, "sepal_width", 2.2 + (i % 20) / 10.0,
          "petal_length", 12.0 + i % 5, "petal_width", 0.1 + (i % 25) / 10.0));
    }
    return rows;
  }
}
