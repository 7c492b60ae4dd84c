package io.mlpm.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and fails on the first invalid byte instead of silently inserting replacement
 * characters, which would corrupt category names. Also refuses NUL bytes (binary files, UTF-16)
 * and drops a leading byte order mark.
 */
final class StrictUtf8Reader extends Reader {

  private static final int CHUNK = 8192;

  private final InputStream in;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
  private final CharBuffer chars = CharBuffer.allocate(CHUNK);
  private boolean endOfInput;
  private boolean finished;
  private boolean atStart = true;
  private long line = 1;

  StrictUtf8Reader(InputStream in) {
    this.in = in;
    bytes.flip();
    chars.flip();
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  private boolean fill() throws IOException {
    if (finished) {
      return false;
    }
    chars.clear();
    while (chars.position() == 0 && !finished) {
      if (!endOfInput) {
        readBytes();
      }
      CoderResult result = decoder.decode(bytes, chars, endOfInput);
      if (result.isError()) {
        throw notUtf8(line + newlines(chars.position()));
      }
      if (endOfInput && !bytes.hasRemaining()) {
        if (decoder.flush(chars).isError()) {
          throw notUtf8(line + newlines(chars.position()));
        }
        finished = true;
      }
    }
    line += newlines(chars.position());
    chars.flip();
    if (atStart && chars.hasRemaining()) {
      atStart = false;
      if (chars.get(0) == '\uFEFF') {
        chars.position(1);
      }
    }
    return chars.hasRemaining() || !finished;
  }

  private void readBytes() throws IOException {
    bytes.compact();
    int start = bytes.position();
    int n = in.read(bytes.array(), start, bytes.remaining());
    if (n < 0) {
      endOfInput = true;
    } else {
      for (int i = start; i < start + n; i++) {
        if (bytes.array()[i] == 0) {
          throw new DatasetFormatException(
              "The file contains NUL bytes: it looks like a binary file (or UTF-16 text),"
                  + " not a UTF-8 CSV file.",
              0);
        }
      }
      bytes.position(start + n);
    }
    bytes.flip();
  }

  private int newlines(int upTo) {
    int count = 0;
    for (int i = 0; i < upTo; i++) {
      if (chars.get(i) == '\n') {
        count++;
      }
    }
    return count;
  }

  private static DatasetFormatException notUtf8(long line) {
    return new DatasetFormatException(
        "Line " + line + " contains bytes that are not valid UTF-8 text;"
            + " save the file as UTF-8 (for example 'CSV UTF-8' in a spreadsheet program).",
        line);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
