package io.mlpm.data;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordWrapper;
import de.siegmar.fastcsv.util.Limits;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Locale;
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
  private final boolean guardWhileDecoding;
  /** The separator the charter declared, or null to detect it from the header line. */
  private final Character declaredDelimiter;

  public CsvDatasetReader() {
    this(DEFAULT_MAX_FIELD_CHARS, null);
  }

  /** A reader that uses this separator instead of detecting one; null detects. */
  public CsvDatasetReader(Character declaredDelimiter) {
    this(DEFAULT_MAX_FIELD_CHARS, declaredDelimiter);
  }

  CsvDatasetReader(int maxFieldChars) {
    this(maxFieldChars, null);
  }

  CsvDatasetReader(int maxFieldChars, Character declaredDelimiter) {
    this(maxFieldChars, declaredDelimiter, true);
  }

  /**
   * @param guardWhileDecoding false guards each character as it is read, in the guard's own state
   *     machine (the reference the decoding loop's shortcut is tested against)
   */
  CsvDatasetReader(int maxFieldChars, Character declaredDelimiter, boolean guardWhileDecoding) {
    this.maxFieldChars = maxFieldChars;
    this.declaredDelimiter = declaredDelimiter;
    this.guardWhileDecoding = guardWhileDecoding;
  }

  /**
   * The separator a person declared: {@code ,} {@code ;} or a tab, also written {@code comma},
   * {@code semicolon}, {@code tab} or {@code \t}; null or blank means detect.
   *
   * @throws IllegalArgumentException naming the value when it is none of these
   */
  public static Character delimiter(String declared) {
    if (declared == null || declared.isEmpty()) {
      return null;
    }
    return switch (declared.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "," , "comma" -> ',';
      case ";", "semicolon" -> ';';
      case "\\t", "tab" -> '\t';
      case "" -> declared.contains("\t") ? '\t' : null;
      default -> throw new IllegalArgumentException("the CSV delimiter must be comma, semicolon or tab, not '"
          + declared + "'");
    };
  }

  /**
   * Receives the rows of a CSV file while it is parsed: first the header, then every data row.
   * Cells are normalized ({@link Cells#normalize}); each row is a fresh array the sink may keep.
   */
  public interface RowSink {
    void header(List<String> columns);

    void row(String[] cells);
  }

  /**
   * Receives the rows of a CSV file as character ranges, without a String per cell: first the
   * header, then every data row. Cell {@code i} is {@code text[starts[i], ends[i])}, normalized as
   * by {@link Cells#normalize} (an empty range is a missing cell). The arrays belong to the reader
   * and are only valid during the call.
   */
  public interface CellRangeSink {
    void header(List<String> columns);

    void row(char[] text, int[] starts, int[] ends, int columns);
  }

  public LoadedDataset read(Path file) {
    Collector rows = new Collector();
    DatasetFingerprint fingerprint = stream(file, strings(rows), true);
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
    return stream(file, strings(sink), false).rows();
  }

  /**
   * As {@link #forEachRow(Path, RowSink)}, with each row as character ranges: the same format
   * detection and errors, without making strings for the cells.
   */
  public long forEachRow(Path file, CellRangeSink sink) {
    return forEachRow(file, sink, false);
  }

  /**
   * As {@link #forEachRow(Path, CellRangeSink)}; with {@code readAhead} (and more than one
   * processor) the bytes are decoded and checked on a helper thread while this thread parses.
   * The rows and the errors, their order and their line numbers, are the same.
   */
  public long forEachRow(Path file, CellRangeSink sink, boolean readAhead) {
    return stream(file, sink, false, readAhead).rows();
  }

  /**
   * As {@link #forEachRow(Path, CellRangeSink, boolean)} with read-ahead, and the SHA-256 of every
   * byte of the file computed while it is read: a pass that must use the recorded version checks
   * the returned fingerprint instead of reading the file a second time.
   */
  public DatasetFingerprint forEachRowHashed(Path file, CellRangeSink sink) {
    return stream(file, sink, true, true);
  }

  /**
   * The file's header, with the same format detection as a full read, reading no further than its
   * first record (a charter's target column is checked against it when the project starts).
   */
  public List<String> header(Path file) {
    try {
      stream(file, new CellRangeSink() {
        @Override
        public void header(List<String> columns) {
          throw new HeaderRead(columns);
        }

        @Override
        public void row(char[] text, int[] starts, int[] ends, int columns) {
          // never reached: the header ends the read
        }
      }, false, false);
    } catch (HeaderRead read) {
      return read.columns;
    }
    throw new DatasetFormatException("The file is empty.", 0);
  }

  /** Ends a read after its header; carries no stack trace (it is not an error). */
  private static final class HeaderRead extends RuntimeException {
    private final transient List<String> columns;

    HeaderRead(List<String> columns) {
      super(null, null, false, false);
      this.columns = List.copyOf(columns);
    }
  }

  /** The rows as fresh arrays of strings, as {@link RowSink} promises. */
  private static CellRangeSink strings(RowSink sink) {
    return new CellRangeSink() {
      @Override
      public void header(List<String> columns) {
        sink.header(columns);
      }

      @Override
      public void row(char[] text, int[] starts, int[] ends, int columns) {
        String[] cells = new String[columns];
        for (int i = 0; i < columns; i++) {
          cells[i] = starts[i] == ends[i] ? null : new String(text, starts[i], ends[i] - starts[i]);
        }
        sink.row(cells);
      }
    };
  }

  /** The one row iteration behind {@link #read} and {@link #forEachRow}; hashes when asked. */
  private DatasetFingerprint stream(Path file, CellRangeSink sink, boolean hash) {
    return stream(file, sink, hash, false);
  }

  private DatasetFingerprint stream(
      Path file, CellRangeSink sink, boolean hash, boolean readAhead) {
    MessageDigest sha256 = hash ? sha256() : null;
    try (InputStream raw = Files.newInputStream(file);
        BufferedInputStream buffered =
            new BufferedInputStream(hash ? new DigestInputStream(raw, sha256) : raw, 65536)) {
      long size = Files.size(file);
      if (size == 0) {
        throw new DatasetFormatException("The file is empty.", 0);
      }
      InputStream text = isGzip(buffered) ? new GZIPInputStream(buffered, 65536) : buffered;
      // With read-ahead the helper thread reads (and so hashes) the bytes; it has read its last one
      // before the parser sees the end, so the digest is complete when the parse returns.
      long[] shape = parse(text, sink, readAhead && Runtime.getRuntime().availableProcessors() > 1);
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
  private long[] parse(InputStream bytes, CellRangeSink sink, boolean readAhead)
      throws IOException {
    CsvTextReader text = new CsvTextReader(bytes, maxFieldChars, guardWhileDecoding);
    // A declared separator is the only candidate: the header is still read the same way, and the
    // quote and field-size guard is switched on for it like for a detected one.
    char delimiter = text.detectDelimiter(declaredDelimiter != null ? new char[] {declaredDelimiter} : DELIMITERS);
    CsvTextReader.ReadAhead ahead = readAhead ? text.readAhead() : null;
    NormalizedRecord handler = new NormalizedRecord();
    CsvReader<NormalizedRecord> csv =
        CsvReader.builder()
            .fieldSeparator(delimiter)
            .skipEmptyLines(true)
            .ignoreDifferentFieldCount(true)
            .build(handler, ahead != null ? ahead : text);
    // Not closed here: closing would close the file stream that read() still drains for the hash.
    try {
      List<String> header = null;
      int columns = 0;
      long rows = 0;
      for (NormalizedRecord record : csv) {
        if (header == null) {
          header = header(record);
          columns = header.size();
          sink.header(header);
        } else if (!(columns > 1 && record.blankLine())) {
          if (record.count() != columns) {
            long line = record.line();
            throw new DatasetFormatException(
                "Line " + line + " has " + record.count() + " fields, the header has "
                    + columns + ".",
                line);
          }
          sink.row(record.text, record.starts, record.ends, columns);
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
    } finally {
      if (ahead != null) {
        ahead.stop();
      }
    }
  }

  /**
   * The current record, normalized cell by cell ({@link Cells#normalize}) into one
   * reused character array; also the record FastCSV's iterator hands out. The limits on fields
   * per record and characters per record are FastCSV's own, with its messages.
   */
  private static final class NormalizedRecord
      extends AbstractBaseCsvCallbackHandler<NormalizedRecord> {
    char[] text = new char[1024];
    int[] starts = new int[32];
    int[] ends = new int[32];
    private int used;
    private int count;
    private long recordSize;

    @Override
    protected void handleBegin(long startingLineNumber) {
      used = 0;
      count = 0;
      recordSize = 0;
    }

    @Override
    protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
      if (recordSize + len > Limits.MAX_RECORD_SIZE) {
        throw new CsvParseException(String.format(Locale.ROOT,
            "Record starting at line %d has surpassed the maximum limit of %d characters",
            getStartingLineNumber(), Limits.MAX_RECORD_SIZE));
      }
      recordSize += len;
      if (index >= starts.length) {
        if (starts.length * 2 > Limits.MAX_FIELD_COUNT) {
          throw new CsvParseException(
              "Maximum number of fields exceeded: " + Limits.MAX_FIELD_COUNT);
        }
        starts = java.util.Arrays.copyOf(starts, starts.length * 2);
        ends = java.util.Arrays.copyOf(ends, starts.length);
      }
      // String.strip(): Character.isWhitespace at both ends (no supplementary code point is).
      int from = offset;
      int to = offset + len;
      while (from < to && whitespace(buf[from])) {
        from++;
      }
      while (to > from && whitespace(buf[to - 1])) {
        to--;
      }
      int n = to - from;
      if (used + n > text.length) {
        text = java.util.Arrays.copyOf(text, Math.max(text.length * 2, used + n));
      }
      System.arraycopy(buf, from, text, used, n);
      starts[index] = used;
      used += n;
      ends[index] = used;
      count = index + 1;
    }

    private static boolean whitespace(char c) {
      return (c <= ' ' || c >= 0x80) && Character.isWhitespace(c);
    }

    @Override
    protected RecordWrapper<NormalizedRecord> buildRecord() {
      return wrapRecord(this);
    }

    int count() {
      return count;
    }

    long line() {
      return getStartingLineNumber();
    }

    /** A line holding only spaces is an empty line, not a row with one field. */
    boolean blankLine() {
      return count == 1 && starts[0] == ends[0];
    }

    String cell(int i) {
      return starts[i] == ends[i] ? null : new String(text, starts[i], ends[i] - starts[i]);
    }
  }

  private static List<String> header(NormalizedRecord record) {
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < record.count(); i++) {
      String name = record.cell(i);
      if (name == null) {
        throw new DatasetFormatException(
            "The header (line " + record.line() + ") has no name for column "
                + (i + 1) + "; every column needs a name.",
            record.line());
      }
      if (!seen.add(name)) {
        throw new DatasetFormatException(
            "The header (line " + record.line() + ") names column '" + name
                + "' twice; column names must be unique.",
            record.line());
      }
      names.add(name);
    }
    return List.copyOf(names);
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
