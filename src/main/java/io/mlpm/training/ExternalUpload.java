package io.mlpm.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.mlpm.ml.TaskType;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What an external trainer uploads for its task, one zip:
 * <ul>
 *   <li>{@code candidate.json}: {@code {"description", "parameters": {...}, "code": {"repository",
 *       "commit"}, "artifact": {"format"}}};
 *   <li>{@code validation.csv} and {@code test.csv}: one prediction per row handed out, in the order
 *       given: {@code row_id,prediction} and, for classification, optional {@code probability:<class>}
 *       columns (each in 0..1, summing to 1);
 *   <li>{@code artifact}: the model, opaque bytes kept with their SHA-256 and never loaded here.
 * </ul>
 * Read in one pass with every part bounded; a problem is refused naming the entry, the line and what
 * was expected.
 */
public final class ExternalUpload {

  public static final String CANDIDATE = "candidate.json";
  public static final String VALIDATION = "validation.csv";
  public static final String TEST = "test.csv";
  public static final String ARTIFACT = "artifact";
  public static final String ROW_ID = "row_id";
  public static final String PREDICTION = "prediction";
  public static final String PROBABILITY = "probability:";
  static final int MAX_CANDIDATE_JSON = 1 << 20;
  /** The most classes a prediction file may give probabilities for. */
  static final int MAX_CLASSES = 1_000;
  /** The longest predicted label or class name. */
  static final int MAX_LABEL = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the upload says of itself and how many predictions it holds. */
  public record Facts(String description, Map<String, String> parameters, String codeRepository,
      String codeCommit, String artifactFormat, String artifactSha256, long artifactBytes, long validationRows,
      long testRows) {}

  /** The upload cannot be taken: the message says what to fix. */
  public static final class InvalidUploadException extends IllegalArgumentException {
    public InvalidUploadException(String message) {
      super(message);
    }
  }

  private ExternalUpload() {}

  /**
   * Checks an upload against the rows handed out.
   *
   * @param maxUnzipped the most bytes its entries may hold together, uncompressed
   */
  public static Facts check(byte[] zip, TaskType type, long validationRows, long testRows, long maxUnzipped,
      long maxArtifact) {
    Map<String, Object> seen = new TreeMap<>();
    long[] budget = {maxUnzipped};
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          // Not skipped: the zip would inflate whatever it holds outside the budget.
          throw new InvalidUploadException("The upload holds the folder '" + shown(name) + "'; it holds only the files "
              + List.of(CANDIDATE, VALIDATION, TEST, ARTIFACT) + ".");
        }
        if (seen.containsKey(name)) {
          throw new InvalidUploadException("The upload holds '" + name + "' twice.");
        }
        InputStream bounded = new Bounded(in, budget, name);
        switch (name) {
          case CANDIDATE -> seen.put(name, candidate(bounded.readNBytes(MAX_CANDIDATE_JSON + 1)));
          case VALIDATION -> seen.put(name, count(bounded, name, type, validationRows));
          case TEST -> seen.put(name, count(bounded, name, type, testRows));
          case ARTIFACT -> seen.put(name, digest(bounded, maxArtifact));
          default -> throw new InvalidUploadException("The upload holds '" + shown(name) + "'; it may hold only "
              + List.of(CANDIDATE, VALIDATION, TEST, ARTIFACT) + ".");
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new InvalidUploadException("The upload is not a readable zip: " + e.getMessage());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidUploadException(CANDIDATE + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String required : List.of(CANDIDATE, VALIDATION, TEST, ARTIFACT)) {
      if (!seen.containsKey(required)) {
        throw new InvalidUploadException("The upload lacks '" + required + "': it holds " + seen.keySet()
            + " and needs " + List.of(CANDIDATE, VALIDATION, TEST, ARTIFACT) + ".");
      }
    }
    JsonNode candidate = (JsonNode) seen.get(CANDIDATE);
    String[] artifact = (String[]) seen.get(ARTIFACT);
    return new Facts(text(candidate, "description", 2000, true), parameters(candidate.path("parameters")),
        text(candidate.path("code"), "repository", 500, false), text(candidate.path("code"), "commit", 100, false),
        text(candidate.path("artifact"), "format", 100, true), artifact[0], Long.parseLong(artifact[1]),
        (Long) seen.get(VALIDATION), (Long) seen.get(TEST));
  }

  private static JsonNode candidate(byte[] bytes) throws IOException {
    if (bytes.length > MAX_CANDIDATE_JSON) {
      throw new InvalidUploadException(CANDIDATE + " is larger than " + MAX_CANDIDATE_JSON + " bytes.");
    }
    JsonNode node = JSON.readTree(bytes);
    if (node == null || !node.isObject()) {
      throw new InvalidUploadException(CANDIDATE + " must be a JSON object.");
    }
    return node;
  }

  private static String text(JsonNode node, String field, int max, boolean required) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull() || value.asText().isBlank()) {
      if (required) {
        throw new InvalidUploadException(CANDIDATE + " lacks '" + field + "' (a text of at most " + max + " characters).");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().length() > max) {
      throw new InvalidUploadException(CANDIDATE + ": '" + field + "' must be a text of at most " + max + " characters.");
    }
    return value.asText().strip();
  }

  private static Map<String, String> parameters(JsonNode node) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return parameters;
    }
    if (!node.isObject() || node.size() > 200) {
      throw new InvalidUploadException(CANDIDATE + ": 'parameters' must be an object of at most 200 names and values.");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isValueNode() || e.getKey().length() > 100 || e.getValue().asText().length() > 1000) {
        throw new InvalidUploadException(CANDIDATE + ": parameter '" + e.getKey()
            + "' must be a text, number or boolean (names up to 100, values up to 1,000 characters).");
      }
      parameters.put(e.getKey(), e.getValue().asText());
    }
    return parameters;
  }

  private static String[] digest(InputStream in, long max) throws IOException {
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64 * 1024];
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
      size += n;
      if (size > max) {
        throw new InvalidUploadException("'" + ARTIFACT + "' unpacks to more than " + max
            + " bytes (mlpm.training.external-upload-bytes): the orchestrator keeps it whole.");
      }
    }
    if (size == 0) {
      throw new InvalidUploadException("'" + ARTIFACT + "' is empty: the model the predictions come from is needed.");
    }
    return new String[] {HexFormat.of().formatHex(sha.digest()), Long.toString(size)};
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks a predictions file and counts its rows. */
  private static long count(InputStream in, String name, TaskType type, long expected) {
    try (Predictions predictions = new Predictions(in, name, type)) {
      long rows = 0;
      while (predictions.next() != null) {
        rows++;
      }
      if (rows != expected) {
        throw new InvalidUploadException(name + " holds " + rows + " predictions for the " + expected
            + " rows handed out: one per row is needed.");
      }
      return rows;
    }
  }

  /**
   * The predictions of one file, read in order; each is checked as it is read (its row id the next
   * one, its value well formed). Not thread-safe.
   */
  public static final class Predictions implements AutoCloseable {
    private final String name;
    private final TaskType type;
    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final List<String> classes = new ArrayList<>();
    private long next;

    public Predictions(InputStream in, String name, TaskType type) {
      this.name = name;
      this.type = type;
      this.csv = CsvReader.builder().ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8));
      this.records = csv.iterator();
      CsvRecord first = read();
      if (first == null) {
        throw new InvalidUploadException(name + " is empty: its first line names the columns (row_id,prediction).");
      }
      List<String> header = first.getFields();
      if (header.size() < 2 || !ROW_ID.equals(header.get(0).strip()) || !PREDICTION.equals(header.get(1).strip())) {
        throw new InvalidUploadException(name + " line 1: the columns are row_id,prediction"
            + (type == TaskType.CLASSIFICATION ? " and optionally probability:<class> for each class" : "")
            + ", found " + shown(header.toString()) + ".");
      }
      if (header.size() - 2 > MAX_CLASSES) {
        throw new InvalidUploadException(name + " line 1: " + (header.size() - 2) + " probability columns; at most "
            + MAX_CLASSES + " classes.");
      }
      for (String column : header.subList(2, header.size())) {
        String c = column.strip();
        if (c.length() > PROBABILITY.length() + MAX_LABEL) {
          throw new InvalidUploadException(name + " line 1: a class name is longer than " + MAX_LABEL + " characters.");
        }
        if (type != TaskType.CLASSIFICATION || !c.startsWith(PROBABILITY) || c.length() == PROBABILITY.length()
            || classes.contains(c.substring(PROBABILITY.length()))) {
          throw new InvalidUploadException(name + " line 1: column '" + shown(column) + "' is not "
              + (type == TaskType.CLASSIFICATION ? "a probability:<class> column named once" : "expected for regression")
              + ".");
        }
        classes.add(c.substring(PROBABILITY.length()));
      }
    }

    /** The next record, or null after the last; what the reader refuses is this upload's problem. */
    private CsvRecord read() {
      try {
        return records.hasNext() ? records.next() : null;
      } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
        if (e.getCause() instanceof InvalidUploadException invalid) {
          throw invalid;
        }
        throw new InvalidUploadException(name + ": " + e.getMessage()
            + (e.getCause() == null ? "" : " (" + shown(e.getCause().getMessage()) + ")"));
      }
    }

    /** The next prediction, or null after the last. */
    public Prediction next() {
      CsvRecord record = read();
      if (record == null) {
        return null;
      }
      long line = record.getStartingLineNumber();
      if (record.getFieldCount() != 2 + classes.size()) {
        throw new InvalidUploadException(name + " line " + line + ": " + record.getFieldCount() + " fields where the"
            + " header names " + (2 + classes.size()) + ".");
      }
      long id;
      try {
        id = Long.parseLong(record.getField(0).strip());
      } catch (NumberFormatException e) {
        throw new InvalidUploadException(name + " line " + line + ": row_id '" + shown(record.getField(0))
            + "' is not a number.");
      }
      if (id != next) {
        throw new InvalidUploadException(name + " line " + line + ": row_id " + id + " where " + next
            + " was expected: one prediction per row handed out, in the order given (a row missing, repeated or"
            + " added?).");
      }
      next++;
      String value = record.getField(1).strip();
      if (value.isEmpty() || value.length() > MAX_LABEL) {
        throw new InvalidUploadException(name + " line " + line + ": the prediction is "
            + (value.isEmpty() ? "empty." : "longer than " + MAX_LABEL + " characters."));
      }
      if (type != TaskType.CLASSIFICATION) {
        double v = number(value, line, PREDICTION);
        return new Prediction(v, null);
      }
      if (classes.isEmpty()) {
        return new Prediction(value, null);
      }
      Map<String, Double> probabilities = new TreeMap<>();
      double sum = 0;
      for (int i = 0; i < classes.size(); i++) {
        double p = number(record.getField(2 + i).strip(), line, PROBABILITY + classes.get(i));
        if (p < 0 || p > 1) {
          throw new InvalidUploadException(name + " line " + line + ": " + PROBABILITY + classes.get(i) + " is " + p
              + ", not a probability (0 to 1).");
        }
        probabilities.put(classes.get(i), p);
        sum += p;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new InvalidUploadException(name + " line " + line + ": the probabilities sum to " + sum + ", not 1.");
      }
      if (!probabilities.containsKey(value)) {
        throw new InvalidUploadException(name + " line " + line + ": the prediction '" + shown(value)
            + "' has no probability column (the classes are " + shown(classes.toString()) + ").");
      }
      return new Prediction(value, new LinkedHashMap<>(probabilities));
    }

    private double number(String text, long line, String column) {
      try {
        double v = Double.parseDouble(text);
        if (Double.isFinite(v)) {
          return v;
        }
      } catch (NumberFormatException e) {
        // named below
      }
      throw new InvalidUploadException(name + " line " + line + ": " + column + " '" + shown(text)
          + "' is not a finite number.");
    }

    @Override
    public void close() {
      try {
        csv.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** What a message repeats of what was sent: at most 100 characters of it. */
  static String shown(String sent) {
    return sent.length() <= 100 ? sent : sent.substring(0, 100) + "…";
  }

  /** An entry read up to the upload's budget of uncompressed bytes, never closed under the zip. */
  private static final class Bounded extends FilterInputStream {
    private final long[] budget;
    private final String name;

    Bounded(InputStream in, long[] budget, String name) {
      super(in);
      this.budget = budget;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        budget[0] -= n;
        if (budget[0] < 0) {
          throw new InvalidUploadException("The upload unpacks to more than it may ('" + name
              + "' passed the limit): send fewer bytes, or raise mlpm.training.external-upload-bytes.");
        }
      }
      return n;
    }

    @Override
    public void close() {
      // the zip's next entry follows
    }
  }

  /** One entry of an accepted upload, to read again (grading, evaluation). */
  public static InputStream entry(byte[] zip, String wanted) {
    try {
      ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8);
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(wanted)) {
          return in;
        }
      }
      in.close();
      throw new IllegalStateException("The accepted upload lacks " + wanted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
