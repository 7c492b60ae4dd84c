package io.mlpm.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The CSV text on its way to the parser, checked in ONE pass over the bytes:
 *
 * <ul>
 *   <li>strict UTF-8: fails on the first invalid byte sequence (with its line) instead of
 *       silently inserting replacement characters, which would corrupt category names;
 *   <li>refuses NUL bytes (binary files, UTF-16) and drops a leading byte order mark;
 *   <li>the quote / field guard: FastCSV silently accepts a quote that is never closed (the rest
 *       of the file becomes one field) and buffers fields of up to 16 MB; both are reported as
 *       errors with the line where the field starts.
 * </ul>
 *
 * <p>Plain ASCII runs are copied in a tight loop; only the characters that matter to the checks
 * (NUL, quote, delimiter, CR, LF) and non-ASCII sequences leave it. Once guarding, outside quotes,
 * the loop also counts each field's length and the lines itself, so that only NUL, quote, CR and
 * non-ASCII bytes leave it. The delimiter is detected
 * from the header line first ({@link #detectDelimiter}); those characters are kept and handed out
 * (and guarded) like the rest.
 */
final class CsvTextReader extends Reader {

  /**
   * Bytes per read from the input. Errors are found chunk by chunk as in a decode-then-parse
   * chain: within a chunk a NUL byte wins over an invalid sequence, which wins over a guard
   * error; the guard's errors surface when the parser reaches the offending character.
   */
  private static final int CHUNK = 8192;

  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

  private final InputStream in;
  private final int maxFieldChars;
  private final boolean guardWhileDecoding;
  private final byte[] bytes = new byte[CHUNK];
  private int pos;
  private int limit;
  /** The bytes of the last read: checked for NUL when the chunk holds an invalid sequence. */
  private int freshFrom;
  private int freshTo;
  private boolean endOfInput;
  private boolean finished;
  private boolean atStart = true;
  /** 1 + the LF characters decoded so far: the line of a UTF-8 error. */
  private long utf8Line = 1;

  // The decoded chunk being handed out.
  private final char[] chunk = new char[CHUNK];
  private int chunkPos;
  private int chunkLen;
  /** The guard ran over the chunk while decoding; its error, if any, waits for its character. */
  private boolean chunkGuarded;
  private DatasetFormatException guardError;
  private int guardErrorAt;

  // The header, decoded before the delimiter was known; handed out first, as one block.
  private char[] prefix = new char[0];
  private int prefixPos;
  private int prefixLen;

  // The guard (only once the delimiter is known).
  private boolean guarding;
  /** Bit c set: ASCII character c leaves the plain-run loop. */
  private long specials = 1L | 1L << '\n';
  /** By unsigned byte, once the delimiter is known: {@link #PLAIN}, {@link #SEPARATOR} or {@link #OTHER}. */
  private final byte[] byteKinds = new byte[256];
  private static final byte PLAIN = 0;
  /** The delimiter or LF. */
  private static final byte SEPARATOR = 1;
  /** A quote, CR, NUL or any byte of 0x80 and above (a multi-byte sequence, or not UTF-8). */
  private static final byte OTHER = 2;
  private char delimiter;
  private State state = State.FIELD_START;
  private long line = 1;
  private long quoteLine;
  private long fieldChars;
  private boolean afterCr;

  CsvTextReader(InputStream in, int maxFieldChars) {
    this(in, maxFieldChars, true);
  }

  /** @param guardWhileDecoding false: every chunk is guarded character by character as it is read */
  CsvTextReader(InputStream in, int maxFieldChars, boolean guardWhileDecoding) {
    this.in = in;
    this.maxFieldChars = maxFieldChars;
    this.guardWhileDecoding = guardWhileDecoding;
  }

  /**
   * Picks the candidate delimiter that occurs most often, outside quotes, in the header line, and
   * turns the guard on for it.
   */
  char detectDelimiter(char[] candidates) throws IOException {
    int[] counts = new int[candidates.length];
    boolean quoted = false;
    int read = 0;
    int scan = 0;
    while (true) {
      if (scan == prefixLen) {
        if (!nextChunk()) {
          break;
        }
        int n = chunkLen - chunkPos;
        if (prefixLen + n > prefix.length) {
          prefix = Arrays.copyOf(prefix, Math.max(prefix.length * 2, prefixLen + n));
        }
        System.arraycopy(chunk, chunkPos, prefix, prefixLen, n);
        prefixLen += n;
        chunkPos = chunkLen;
        continue;
      }
      char c = prefix[scan++];
      if (!quoted && (c == '\n' || c == '\r')) {
        break;
      }
      if (++read > maxFieldChars * 2) {
        throw new DatasetFormatException(
            "The header line is longer than " + maxFieldChars * 2 + " characters.", 1);
      }
      if (c == '"') {
        quoted = !quoted;
      }
      for (int i = 0; i < candidates.length && !quoted; i++) {
        if (c == candidates[i]) {
          counts[i]++;
        }
      }
    }
    int best = 0;
    for (int i = 1; i < candidates.length; i++) {
      if (counts[i] > counts[best]) {
        best = i;
      }
    }
    delimiter = candidates[best];
    specials = 1L | 1L << '\n' | 1L << '\r' | 1L << '"' | 1L << delimiter;
    for (int c = 0; c < 256; c++) {
      byteKinds[c] = c == delimiter || c == '\n' ? SEPARATOR
          : c >= 0x80 || (c < 64 && ((specials >>> c) & 1L) != 0) ? OTHER : PLAIN;
    }
    guarding = true;
    return delimiter;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (prefixPos < prefixLen) {
      int n = Math.min(len, prefixLen - prefixPos);
      System.arraycopy(prefix, prefixPos, buf, off, n);
      prefixPos += n;
      if (prefixPos == prefixLen) {
        prefix = new char[0];
        prefixPos = 0;
        prefixLen = 0;
      }
      if (guarding) {
        guardChars(buf, off, off + n);
      }
      return n;
    }
    while (chunkPos == chunkLen) {
      if (!nextChunk()) {
        if (guarding && state == State.QUOTED) {
          throw new DatasetFormatException(
              "Line " + quoteLine + " opens a quoted field (\") that is never closed.",
              quoteLine);
        }
        return -1;
      }
    }
    int n = Math.min(len, chunkLen - chunkPos);
    if (guarding && !chunkGuarded) {
      guardChars(chunk, chunkPos, chunkPos + n);
    } else if (guardError != null && guardErrorAt < chunkPos + n) {
      throw guardError;
    }
    System.arraycopy(chunk, chunkPos, buf, off, n);
    chunkPos += n;
    return n;
  }

  // --- read-ahead ------------------------------------------------------------------------------

  /**
   * A reader of the same characters, with the same errors at the same reads, whose chunks are
   * decoded and guarded ahead on a helper thread (see {@link ReadAhead}). This reader must not be
   * used directly any more; {@link ReadAhead#stop} ends the helper.
   */
  ReadAhead readAhead() {
    return new ReadAhead(this);
  }

  /**
   * The next non-empty decoded chunk, as {@link #read} would fetch it; false at the end of the
   * input. Throws what {@link #read} would throw there (decoding errors, an unclosed quote).
   */
  private boolean aheadChunk() throws IOException {
    while (chunkPos == chunkLen) {
      if (!nextChunk()) {
        if (guarding && state == State.QUOTED) {
          throw new DatasetFormatException(
              "Line " + quoteLine + " opens a quoted field (\") that is never closed.",
              quoteLine);
        }
        return false;
      }
    }
    return true;
  }

  /**
   * Hands out the chunks of a {@link CsvTextReader} decoded ahead on a helper thread, emulating
   * {@link CsvTextReader#read} exactly: the header prefix is read directly; then each chunk is
   * handed out in reads of at most the rest of the chunk, a pending guard error is thrown by the
   * read whose range covers its position, and decoding errors or the end of input come when the
   * next chunk is needed. Only the helper touches the underlying reader once it has started.
   */
  static final class ReadAhead extends Reader {
    private static final int CHUNKS_PER_BLOCK = 16;
    private static final int BLOCKS = 4;

    /** Up to {@link #CHUNKS_PER_BLOCK} decoded chunks, back to back, and how each ended. */
    private static final class Block {
      final char[] chars = new char[CHUNK * CHUNKS_PER_BLOCK];
      final int[] ends = new int[CHUNKS_PER_BLOCK];
      final DatasetFormatException[] errors = new DatasetFormatException[CHUNKS_PER_BLOCK];
      /** Position of the guard error, relative to the start of the chunk. */
      final int[] errorAt = new int[CHUNKS_PER_BLOCK];
      int count;
      Throwable failure;
      boolean end;
    }

    private final CsvTextReader text;
    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS);
    private Thread helper;
    private Block block;
    private int index;
    private int pos;

    ReadAhead(CsvTextReader text) {
      this.text = text;
      for (int i = 0; i < BLOCKS; i++) {
        free.add(new Block());
      }
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (helper == null) {
        if (text.prefixPos < text.prefixLen || text.chunkPos < text.chunkLen) {
          return text.read(buf, off, len);
        }
        helper = new Thread(this::decodeAhead, "csv-read-ahead");
        helper.setDaemon(true);
        helper.start();
      }
      while (block == null || index == block.count) {
        if (block != null) {
          if (block.failure != null) {
            throw rethrow(block.failure);
          }
          if (block.end) {
            return -1;
          }
          free.add(block);
        }
        try {
          block = full.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("Reading was interrupted");
        }
        index = 0;
        pos = 0;
      }
      int start = index == 0 ? 0 : block.ends[index - 1];
      int end = block.ends[index];
      int n = Math.min(len, end - pos);
      DatasetFormatException error = block.errors[index];
      if (error != null && block.errorAt[index] < pos - start + n) {
        throw error;
      }
      System.arraycopy(block.chars, pos, buf, off, n);
      pos += n;
      if (pos == end) {
        index++;
      }
      return n;
    }

    private static IOException rethrow(Throwable failure) {
      if (failure instanceof IOException io) {
        return io;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      return new IOException(failure);
    }

    private void decodeAhead() {
      try {
        while (true) {
          Block b = free.take();
          b.count = 0;
          int used = 0;
          while (b.count < CHUNKS_PER_BLOCK) {
            boolean more;
            try {
              more = text.aheadChunk();
            } catch (Throwable e) {
              b.failure = e;
              break;
            }
            if (!more) {
              b.end = true;
              break;
            }
            int n = text.chunkLen - text.chunkPos;
            System.arraycopy(text.chunk, text.chunkPos, b.chars, used, n);
            used += n;
            b.ends[b.count] = used;
            b.errors[b.count] = text.guardError;
            b.errorAt[b.count] = text.guardError == null ? 0 : text.guardErrorAt - text.chunkPos;
            b.count++;
            text.chunkPos = text.chunkLen;
          }
          full.put(b);
          if (b.failure != null || b.end) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // stopped by the reading thread
      }
    }

    /** Ends the helper thread, if any (the reading is over or abandoned). */
    void stop() {
      if (helper != null) {
        helper.interrupt();
      }
    }

    @Override
    public void close() throws IOException {
      stop();
      text.close();
    }
  }

  // --- decoding ----------------------------------------------------------------------------------

  /** Reads and decodes the next chunk; false at the end of the input. */
  private boolean nextChunk() throws IOException {
    if (finished) {
      return false;
    }
    chunkPos = 0;
    chunkLen = 0;
    chunkGuarded = guarding && guardWhileDecoding;
    while (chunkLen == 0 && !finished) {
      if (!endOfInput) {
        System.arraycopy(bytes, pos, bytes, 0, limit - pos);
        limit -= pos;
        pos = 0;
        int n = in.read(bytes, limit, bytes.length - limit);
        freshFrom = limit;
        if (n < 0) {
          endOfInput = true;
        } else {
          limit += n;
        }
        freshTo = limit;
      }
      decode();
      if (endOfInput && pos == limit) {
        finished = true;
      }
    }
    if (atStart && chunkLen > 0) {
      atStart = false;
      if (chunk[0] == '\uFEFF') {
        chunkPos = 1; // byte order mark
      }
    }
    return chunkPos < chunkLen || !finished;
  }

  /**
   * Decodes the complete sequences of bytes[pos, limit) into the chunk: plain ASCII runs in a
   * tight loop, the guard (once guarding) on the way.
   */
  private void decode() {
    byte[] b = bytes;
    char[] out = chunk;
    long mask = specials;
    boolean guard = chunkGuarded;
    int p = pos;
    int o = chunkLen;
    while (p < limit) {
      if (guard && guardError == null && !afterCr
          && (state == State.FIELD_START || state == State.UNQUOTED)) {
        // Outside quotes the guard only counts each field's characters and the lines: done here,
        // in the copying loop, instead of a call per field (quote, CR, NUL and non-ASCII leave it).
        long fieldStart = state == State.FIELD_START ? o : o - fieldChars; // at a field's start the count is stale
        int max = maxFieldChars;
        byte[] kinds = byteKinds;
        int q = p;
        for (; q < limit; q++) {
          int c = b[q];
          int kind = kinds[c & 0xff]; // one table look-up: no branch on letters against digits
          if (kind != PLAIN) {
            if (kind != SEPARATOR) {
              break;
            }
            if (o - fieldStart > max) {
              break; // the field is too long: reported below, at its character
            }
            fieldStart = o + 1;
            if (c == '\n') {
              line++;
              utf8Line++;
            }
          }
          out[o++] = (char) c;
        }
        p = q;
        fieldChars = o - fieldStart;
        state = fieldChars > 0 ? State.UNQUOTED : State.FIELD_START;
        if (fieldChars > max) {
          fieldChars = 0;
          plain((int) (o - fieldStart), o);
        }
        if (p == limit) {
          break;
        }
      }
      int n = limit - p;
      int i = 0;
      for (; i < n; i++) {
        int c = b[p + i];
        if (c < 64 && (c < 0 || ((mask >>> c) & 1L) != 0)) {
          break;
        }
        out[o + i] = (char) c;
      }
      p += i;
      o += i;
      if (i > 0 && guard && guardError == null) {
        plain(i, o);
      }
      if (i == n) {
        break;
      }
      int c = b[p];
      if (c >= 0) {
        if (c == 0) {
          throw nul();
        }
        p++;
        out[o++] = (char) c;
        if (c == '\n') {
          utf8Line++;
        }
        if (guard && guardError == null) {
          special((char) c, o - 1);
        }
        continue;
      }
      // A multi-byte sequence: checked as strictly as the JDK's UTF-8 decoder does.
      int lead = c & 0xff;
      int k;
      int cp;
      if (lead >= 0xC2 && lead <= 0xDF) {
        k = 2;
        cp = lead & 0x1f;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        k = 3;
        cp = lead & 0x0f;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        k = 4;
        cp = lead & 0x07;
      } else {
        throw notUtf8();
      }
      int available = Math.min(k, limit - p);
      for (int j = 1; j < available; j++) {
        int cont = b[p + j] & 0xff;
        int low = 0x80;
        int high = 0xBF;
        if (j == 1) {
          if (lead == 0xE0) {
            low = 0xA0;
          } else if (lead == 0xED) {
            high = 0x9F; // no surrogates
          } else if (lead == 0xF0) {
            low = 0x90;
          } else if (lead == 0xF4) {
            high = 0x8F; // not beyond U+10FFFF
          }
        }
        if (cont < low || cont > high) {
          throw notUtf8();
        }
        cp = cp << 6 | (cont & 0x3f);
      }
      if (available < k) {
        if (endOfInput) {
          throw notUtf8(); // truncated at the end of the input
        }
        break; // completed by the next read
      }
      p += k;
      if (cp >= 0x10000) {
        out[o++] = Character.highSurrogate(cp);
        out[o++] = Character.lowSurrogate(cp);
      } else {
        out[o++] = (char) cp;
      }
      if (guard && guardError == null) {
        plain(cp >= 0x10000 ? 2 : 1, o);
      }
    }
    pos = p;
    chunkLen = o;
  }

  private DatasetFormatException notUtf8() {
    // As the NUL check came first for every chunk read, a NUL in it wins.
    for (int i = freshFrom; i < freshTo; i++) {
      if (bytes[i] == 0) {
        return nul();
      }
    }
    return new DatasetFormatException(
        "Line " + utf8Line + " contains bytes that are not valid UTF-8 text;"
            + " save the file as UTF-8 (for example 'CSV UTF-8' in a spreadsheet program).",
        utf8Line);
  }

  private static DatasetFormatException nul() {
    return new DatasetFormatException(
        "The file contains NUL bytes: it looks like a binary file (or UTF-16 text),"
            + " not a UTF-8 CSV file.",
        0);
  }

  // --- the guard ---------------------------------------------------------------------------------

  /** Guards characters as they are handed out; errors are thrown at once. */
  private void guardChars(char[] buf, int from, int to) {
    long mask = specials;
    int i = from;
    while (i < to) {
      int start = i;
      while (i < to) {
        char c = buf[i];
        if (c < 64 && ((mask >>> c) & 1L) != 0) {
          break;
        }
        i++;
      }
      if (i > start) {
        plain(i - start, -1);
      }
      if (i < to) {
        special(buf[i++], -1);
      }
    }
  }

  /**
   * A run of characters that are neither quote, delimiter nor line break, ending before chunk
   * index {@code end} (-1: not in the chunk, fail at once).
   */
  private void plain(int count, int end) {
    afterCr = false;
    if (state == State.FIELD_START) {
      fieldChars = 0;
      state = State.UNQUOTED;
    } else if (state == State.QUOTE_IN_QUOTED) {
      // other text after a closing quote is kept by FastCSV as part of the field
      state = State.UNQUOTED;
    }
    fieldChars += count;
    if (fieldChars > maxFieldChars) {
      // the character that made the field too long
      fail(state == State.QUOTED ? quoteLine : line,
          end < 0 ? -1 : end - (int) (fieldChars - maxFieldChars));
    }
  }

  /**
   * A quote, delimiter, CR or LF (or, in a quoted field, any character) at chunk index
   * {@code at} (-1: not in the chunk, fail at once).
   */
  private void special(char c, int at) {
    boolean newline = c == '\n' || c == '\r';
    if (newline && !(c == '\n' && afterCr)) {
      line++;
    }
    afterCr = c == '\r';
    switch (state) {
      case FIELD_START -> {
        fieldChars = 0;
        if (c == '"') {
          state = State.QUOTED;
          quoteLine = line;
        } else if (c != delimiter && !newline) {
          state = State.UNQUOTED;
          fieldChars = 1;
        }
      }
      case UNQUOTED -> {
        if (c == delimiter || newline) {
          state = State.FIELD_START;
        } else {
          fieldChars++;
        }
      }
      case QUOTED -> {
        if (c == '"') {
          state = State.QUOTE_IN_QUOTED;
        } else {
          fieldChars++;
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (c == delimiter || newline) {
          state = State.FIELD_START;
        } else {
          // An escaped quote ("") stays inside the field.
          state = c == '"' ? State.QUOTED : State.UNQUOTED;
          fieldChars++;
        }
      }
    }
    if (fieldChars > maxFieldChars) {
      fail(state == State.QUOTED ? quoteLine : line, at);
    }
  }

  private void fail(long line, int at) {
    DatasetFormatException e = tooLong(line);
    if (at < 0) {
      throw e;
    }
    guardError = e;
    guardErrorAt = at;
  }

  private DatasetFormatException tooLong(long at) {
    return new DatasetFormatException(
        "Line " + at + " has a field longer than " + maxFieldChars
            + " characters; this is not a normal table cell.",
        at);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
