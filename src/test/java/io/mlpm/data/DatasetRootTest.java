package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRootTest {

  @TempDir Path temp;
  Path rootDir;
  DatasetRoot root;

  @BeforeEach
  void setUp() throws IOException {
    rootDir = Files.createDirectories(temp.resolve("datasets"));
    Files.createDirectories(rootDir.resolve("sub"));
    Files.writeString(rootDir.resolve("sub/iris.csv"), "a,b\n1,2\n");
    Files.writeString(temp.resolve("secret.csv"), "x\n1\n");
    root = new DatasetRoot(rootDir);
  }

  @Test
  void relativeUriResolvesInsideRoot() throws IOException {
    assertThat(root.resolve("sub/iris.csv")).isEqualTo(rootDir.resolve("sub/iris.csv").toRealPath());
    assertThat(root.resolve("./sub/../sub/iris.csv")).endsWith(Path.of("sub/iris.csv"));
  }

  @Test
  void fileUriPrefixIsAccepted() {
    assertThat(root.resolve("file:sub/iris.csv")).endsWith(Path.of("sub/iris.csv"));
    assertThat(root.resolve(rootDir.resolve("sub/iris.csv").toUri().toString()))
        .endsWith(Path.of("sub/iris.csv"));
  }

  @Test
  void absolutePathInsideRootIsAccepted() {
    assertThat(root.resolve(rootDir.resolve("sub/iris.csv").toString()))
        .endsWith(Path.of("sub/iris.csv"));
  }

  @Test
  void dotDotEscapeIsRefused() {
    assertThatThrownBy(() -> root.resolve("../secret.csv"))
        .isInstanceOf(InvalidDatasetPathException.class)
        .hasMessage("Dataset path '../secret.csv' is outside the dataset root.");
    assertThatThrownBy(() -> root.resolve("sub/../../secret.csv"))
        .hasMessageContaining("outside the dataset root");
  }

  @Test
  void absolutePathOutsideRootIsRefused() {
    String outside = temp.resolve("secret.csv").toString();
    assertThatThrownBy(() -> root.resolve(outside))
        .isInstanceOf(InvalidDatasetPathException.class)
        .hasMessageContaining(outside)
        .hasMessageContaining("outside the dataset root");
    assertThatThrownBy(() -> root.resolve("file://" + outside))
        .hasMessageContaining("outside the dataset root");
  }

  @Test
  void symlinkPointingOutsideIsRefused() throws IOException {
    Path link = rootDir.resolve("link.csv");
    try {
      Files.createSymbolicLink(link, temp.resolve("secret.csv"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "symbolic links not supported here");
    }
    assertThatThrownBy(() -> root.resolve("link.csv"))
        .hasMessageContaining("outside the dataset root");
  }

  @Test
  void missingFileIsRefused() {
    assertThatThrownBy(() -> root.resolve("sub/nope.csv"))
        .isInstanceOf(InvalidDatasetPathException.class)
        .hasMessage("Dataset path 'sub/nope.csv' was not found in the dataset root.");
  }

  @Test
  void blankAndDirectoryAreRefused() {
    assertThatThrownBy(() -> root.resolve("  ")).hasMessageContaining("is blank");
    assertThatThrownBy(() -> root.resolve(null)).hasMessageContaining("is blank");
    assertThatThrownBy(() -> root.resolve("sub")).hasMessageContaining("is a directory");
  }
}
