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
}
