package io.mlpm.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a CSV file (optionally gzip-compressed) into a {@link Dataset}, with a fingerprint of the
 * raw bytes. Errors are {@link DatasetFormatException}s worded for the person who owns the data.
 */
public final class CsvDatasetReader {

  /** 1 MB of characters per field: far beyond any real cell, small enough to fail fast. */
  public static final int DEFAULT_MAX_FIELD_CHARS = 1024 * 1024;

  private static final char[] DELIMITERS = {',', ';', '\t'};

  private final int maxFieldChars;

  public CsvDatasetReader() {
    this(DEFAULT_MAX_FIELD_CHARS);
  }

  CsvDatasetReader(int maxFieldChars) {
    this.maxFieldChars = maxFieldChars;
  }

  /**
   * Receives the rows of a CSV file while it is parsed: first the header, then every data row.
   * Cells are normalized ({@link Cells#normalize}); each row is a fresh array the sink may keep.
   */
  public interface RowSink {
    void header(List<String> columns);

    void row(String[] cells);
  }

  public LoadedDataset read(Path file) {
    Collector rows = new Collector();
    DatasetFingerprint fingerprint = stream(file, rows, true);
    return new LoadedDataset(new Dataset(rows.header, rows.rows), fingerprint);
  }

  /** Holds the whole table: what {@link #read} needs for the in-memory dataset. */
  private static final class Collector implements RowSink {
    private List<String> header;
    private final List<String[]> rows = new ArrayList<>();

    @Override
    public void header(List<String> columns) {
      header = columns;
    }

    @Override
    public void row(String[] cells) {
      rows.add(cells);
    }
  }

  /**
   * Streams the rows of the file to the sink without holding them: the same format detection and
   * errors as {@link #read}, in memory that does not grow with the number of rows. Returns the
   * number of data rows.
   */
  public long forEachRow(Path file, RowSink sink) {
    return stream(file, sink, false).rows();
  }

  /** The one row iteration behind {@link #read} and {@link #forEachRow}; hashes when asked. */
  private DatasetFingerprint stream(Path file, RowSink sink, boolean hash) {
    MessageDigest sha256 = hash ? sha256() : null;
    try (InputStream raw = Files.newInputStream(file);
        BufferedInputStream buffered =
            new BufferedInputStream(hash ? new DigestInputStream(raw, sha256) : raw, 65536)) {
      long size = Files.size(file);
      if (size == 0) {
        throw new DatasetFormatException("The file is empty.", 0);
      }
      InputStream text = isGzip(buffered) ? new GZIPInputStream(buffered, 65536) : buffered;
      long[] shape = parse(new StrictUtf8Reader(text), sink);
      String hex = null;
      if (hash) {
        // Hash every byte of the file, also those the parser did not need (e.g. the gzip trailer).
        buffered.transferTo(OutputStream.nullOutputStream());
        hex = HexFormat.of().formatHex(sha256.digest());
      }
      return new DatasetFingerprint(hex, size, shape[0], (int) shape[1]);
    } catch (ZipException e) {
      throw new DatasetFormatException(
          "The file starts like a gzip archive but cannot be decompressed: " + e.getMessage(), 0, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read dataset file " + file.getFileName(), e);
    }
  }

  /** Parses the text into the sink; returns {rows, columns}. */
  private long[] parse(Reader utf8, RowSink sink) throws IOException {
    BufferedReader text = new BufferedReader(utf8, 65536);
    char delimiter = detectDelimiter(text);
    CsvReader<CsvRecord> csv =
        CsvReader.builder()
            .fieldSeparator(delimiter)
            .skipEmptyLines(true)
            .ignoreDifferentFieldCount(true)
            .ofCsvRecord(new CsvTextGuard(text, delimiter, maxFieldChars));
    // Not closed here: closing would close the file stream that read() still drains for the hash.
    try {
      List<String> header = null;
      int columns = 0;
      long rows = 0;
      for (CsvRecord record : csv) {
        if (header == null) {
          header = header(record);
          columns = header.size();
          sink.header(header);
        } else if (!(columns > 1 && isBlankLine(record))) {
          sink.row(row(record, columns));
          rows++;
        }
      }
      if (header == null) {
        throw new DatasetFormatException("The file is empty.", 0);
      }
      if (rows == 0) {
        throw new DatasetFormatException(
            "The file has a header line but no data rows.", 0);
      }
      return new long[] {rows, columns};
    } catch (CsvParseException | UncheckedIOException e) {
      throw unwrap(e);
    }
  }

  /** Picks the candidate delimiter that occurs most often, outside quotes, in the header line. */
  private char detectDelimiter(BufferedReader text) throws IOException {
    text.mark(maxFieldChars * 2 + 2);
    int[] counts = new int[DELIMITERS.length];
    boolean quoted = false;
    int read = 0;
    for (int c = text.read(); c >= 0 && (quoted || (c != '\n' && c != '\r')); c = text.read()) {
      if (++read > maxFieldChars * 2) {
        throw new DatasetFormatException(
            "The header line is longer than " + maxFieldChars * 2 + " characters.", 1);
      }
      if (c == '"') {
        quoted = !quoted;
      }
      for (int i = 0; i < DELIMITERS.length && !quoted; i++) {
        if (c == DELIMITERS[i]) {
          counts[i]++;
        }
      }
    }
    text.reset();
    int best = 0;
    for (int i = 1; i < DELIMITERS.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    return DELIMITERS[best];
  }

  private static List<String> header(CsvRecord record) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < record.getFieldCount(); i++) {
      String name = Cells.normalize(record.getField(i));
      if (name == null) {
        throw new DatasetFormatException(
            "The header (line " + record.getStartingLineNumber() + ") has no name for column "
                + (i + 1) + "; every column needs a name.",
            record.getStartingLineNumber());
      }
      if (!seen.add(name)) {
        throw new DatasetFormatException(
            "The header (line " + record.getStartingLineNumber() + ") names column '" + name
                + "' twice; column names must be unique.",
            record.getStartingLineNumber());
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  private static String[] row(CsvRecord record, int expected) {
    if (record.getFieldCount() != expected) {
      long line = record.getStartingLineNumber();
      throw new DatasetFormatException(
          "Line " + line + " has " + record.getFieldCount() + " fields, the header has "
              + expected + ".",
          line);
    }
    String[] cells = new String[expected];
    for (int i = 0; i < expected; i++) {
      cells[i] = Cells.normalize(record.getField(i));
    }
    return cells;
  }

  /** A line holding only spaces is an empty line, not a row with one field. */
  private static boolean isBlankLine(CsvRecord record) {
    return record.getFieldCount() == 1 && record.getField(0).isBlank();
  }

  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return b1 == 0x1f && b2 == 0x8b;
  }

  /** Our guards throw from inside FastCSV's iterator, which may wrap them. */
  private static RuntimeException unwrap(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DatasetFormatException format) {
        return format;
      }
    }
    if (e instanceof CsvParseException) {
      return new DatasetFormatException("The file is not valid CSV: " + e.getMessage(), 0, e);
    }
    return e;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
