package io.mlpm.data;

import java.io.IOException;
import java.io.Reader;

/**
 * Watches the CSV text on its way to the parser. FastCSV silently accepts a quote that is never
 * closed (the rest of the file becomes one field) and buffers fields of up to 16 MB; this guard
 * reports both as errors with the line where they start.
 */
final class CsvTextGuard extends Reader {

  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

  private final Reader in;
  private final char delimiter;
  private final int maxFieldChars;
  private State state = State.FIELD_START;
  private long line = 1;
  private long quoteLine;
  private long fieldChars;
  private boolean afterCr;

  CsvTextGuard(Reader in, char delimiter, int maxFieldChars) {
    this.in = in;
    this.delimiter = delimiter;
    this.maxFieldChars = maxFieldChars;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    int n = in.read(buf, off, len);
    if (n < 0) {
      if (state == State.QUOTED) {
        throw new DatasetFormatException(
            "Line " + quoteLine + " opens a quoted field (\") that is never closed.", quoteLine);
      }
      return n;
    }
    int i = off;
    int end = off + n;
    while (i < end) {
      // Fast scans over the plain characters of a field (no newline, no state change), then the
      // character that ends the scan goes through accept() like every other.
      if (state == State.UNQUOTED || state == State.QUOTED) {
        boolean quoted = state == State.QUOTED;
        int start = i;
        while (i < end) {
          char c = buf[i];
          if (c == '\n' || c == '\r' || (quoted ? c == '"' : c == delimiter)) {
            break;
          }
          i++;
        }
        if (i > start) {
          afterCr = false;
          fieldChars += i - start;
          if (fieldChars > maxFieldChars) {
            throw tooLong(quoted ? quoteLine : line);
          }
        }
        if (i == end) {
          break;
        }
      }
      accept(buf[i++]);
    }
    return n;
  }

  private void accept(char c) {
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
          // An escaped quote ("") stays inside the field; other text after a closing quote is
          // kept by FastCSV as part of the field.
          state = c == '"' ? State.QUOTED : State.UNQUOTED;
          fieldChars++;
        }
      }
    }
    if (fieldChars > maxFieldChars) {
      throw tooLong(state == State.QUOTED ? quoteLine : line);
    }
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
