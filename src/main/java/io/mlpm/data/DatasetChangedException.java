package io.mlpm.data;

/**
 * A pass over a dataset file read other bytes than the recorded version: its own result is refused,
 * since the checks, the sign-off and the split were made on the recorded bytes.
 */
public class DatasetChangedException extends RuntimeException {

  public DatasetChangedException(String datasetUri, String recordedSha256, String readSha256) {
    super("The file '" + datasetUri + "' no longer has the SHA-256 " + recordedSha256
        + " it was checked with (it now has " + readSha256 + "); it must be ingested and checked again"
        + " (choose 'new dataset').");
  }
}
