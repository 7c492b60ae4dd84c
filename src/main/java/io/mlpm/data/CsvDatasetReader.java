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

  public LoadedDataset read(Path file) {
    MessageDigest sha256 = sha256();
    try (InputStream raw = Files.newInputStream(file);
        BufferedInputStream buffered =
            new BufferedInputStream(new DigestInputStream(raw, sha256), 65536)) {
      long size = Files.size(file);
      if (size == 0) {
        throw new DatasetFormatException("The file is empty.", 0);
      }
      InputStream text = isGzip(buffered) ? new GZIPInputStream(buffered, 65536) : buffered;
      Dataset dataset = parse(new StrictUtf8Reader(text));
      // Hash every byte of the file, also those the parser did not need (e.g. the gzip trailer).
      buffered.transferTo(OutputStream.nullOutputStream());
      String hash = HexFormat.of().formatHex(sha256.digest());
      return new LoadedDataset(
          dataset,
          new DatasetFingerprint(hash, size, dataset.size(), dataset.columns().size()));
    } catch (ZipException e) {
      throw new DatasetFormatException(
          "The file starts like a gzip archive but cannot be decompressed: " + e.getMessage(), 0, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read dataset file " + file.getFileName(), e);
    }
  }

  private Dataset parse(Reader utf8) throws IOException {
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
      List<String[]> rows = new ArrayList<>();
      for (CsvRecord record : csv) {
        if (header == null) {
          header = header(record);
        } else if (!(header.size() > 1 && isBlankLine(record))) {
          rows.add(row(record, header.size()));
        }
      }
      if (header == null) {
        throw new DatasetFormatException("The file is empty.", 0);
      }
      if (rows.isEmpty()) {
        throw new DatasetFormatException(
            "The file has a header line but no data rows.", 0);
      }
      return new Dataset(header, rows);
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
    return names;
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
