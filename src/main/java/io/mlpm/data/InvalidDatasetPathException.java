package io.mlpm.data;

/** A dataset URI that cannot be used: blank, outside the dataset root, missing or unreadable. */
public class InvalidDatasetPathException extends IllegalArgumentException {

  public InvalidDatasetPathException(String datasetUri, String reason) {
    super("Dataset path '" + datasetUri + "' " + reason);
  }
}
