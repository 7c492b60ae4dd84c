package io.mlpm.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;

/**
 * The one directory datasets may be read from. Every dataset URI of a charter goes through
 * {@link #resolve(String)} so that a charter can never make the server read arbitrary files.
 */
public final class DatasetRoot {

  private final Path root;

  public DatasetRoot(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The readable regular file the URI names, as a real path inside the root. */
  public Path resolve(String datasetUri) {
    if (datasetUri == null || datasetUri.isBlank()) {
      throw new InvalidDatasetPathException(String.valueOf(datasetUri), "is blank.");
    }
    Path candidate = candidate(datasetUri.strip(), datasetUri);
    // Lexical check first: refuses '..' escapes even when the target does not exist.
    if (!candidate.startsWith(root)) {
      throw new InvalidDatasetPathException(datasetUri, "is outside the dataset root.");
    }
    if (!Files.exists(candidate)) {
      throw new InvalidDatasetPathException(datasetUri, "was not found in the dataset root.");
    }
    Path real = realPath(candidate, datasetUri);
    // Second check on the real path: refuses symlinks that point out of the root.
    if (!real.startsWith(realPath(root, datasetUri))) {
      throw new InvalidDatasetPathException(datasetUri, "is outside the dataset root.");
    }
    if (Files.isDirectory(real)) {
      throw new InvalidDatasetPathException(datasetUri, "is a directory, not a file.");
    }
    if (!Files.isRegularFile(real)) {
      throw new InvalidDatasetPathException(datasetUri, "is not a regular file.");
    }
    if (!Files.isReadable(real)) {
      throw new InvalidDatasetPathException(datasetUri, "is not readable.");
    }
    return real;
  }

  private Path candidate(String uri, String original) {
    try {
      Path path;
      if (uri.startsWith("file://")) {
        path = Path.of(URI.create(uri));
      } else if (uri.startsWith("file:")) {
        path = Path.of(uri.substring("file:".length()));
      } else {
        path = Path.of(uri);
      }
      return path.isAbsolute() ? path.normalize() : root.resolve(path).normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      // Also covers InvalidPathException (e.g. a NUL character) and malformed file: URIs.
      throw new InvalidDatasetPathException(original, "is not a valid path.");
    }
  }

  private static Path realPath(Path path, String uri) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new InvalidDatasetPathException(uri, "was not found in the dataset root.");
    }
  }

  @Override
  public String toString() {
    return "DatasetRoot[" + root + "]";
  }
}
