package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-ahead reader (decoding on a helper thread) gives the same rows and the same errors,
 * messages and line numbers as the plain reader, on random files that span many chunks and
 * carry quotes, CR/LF, declared or detected separators, BOMs, multi-byte characters, NULs, invalid UTF-8, unclosed quotes, wrong
 * field counts and oversized fields.
 */
class ReadAheadDifferentialTest {

  @TempDir Path dir;

  @Test
  void sameRowsAndErrorsAsThePlainReader() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    Path file = dir.resolve("f.csv");
    int errors = 0;
    for (int round = 0; round < 300; round++) {
      byte[] bytes = randomFile(random);
      Files.write(file, bytes);
      int maxField = random.nextInt(4) == 0 ? 20 + random.nextInt(40) : 1 << 20;
      // sometimes a declared separator (right or wrong) instead of detection
      Character declared = random.nextInt(4) != 0 ? null : random.nextBoolean() ? ',' : ';';
      CsvDatasetReader reader = new CsvDatasetReader(maxField, declared);
      String plain = outcome(reader, file, false);
      String ahead = outcome(reader, file, true);
      assertThat(ahead).as("round %d", round).isEqualTo(plain);
      // The decoding loop's shortcut outside quotes against the guard's state machine, character by character.
      String perCharacter = outcome(new CsvDatasetReader(maxField, declared, false), file, false);
      assertThat(plain).as("round %d", round).isEqualTo(perCharacter);
      if (plain.startsWith("ERROR")) {
        errors++;
      }
    }
    assertThat(errors).isBetween(30, 270); // both outcomes are exercised
  }

  private static String outcome(CsvDatasetReader reader, Path file, boolean readAhead) {
    StringBuilder out = new StringBuilder();
    try {
      long rows = reader.forEachRow(file, new CsvDatasetReader.CellRangeSink() {
        @Override
        public void header(List<String> columns) {
          out.append(columns).append('\n');
        }

        @Override
        public void row(char[] text, int[] starts, int[] ends, int columns) {
          for (int i = 0; i < columns; i++) {
            out.append(text, starts[i], ends[i] - starts[i]).append('|');
          }
          out.append('\n');
        }
      }, readAhead);
      return "OK " + rows + "\n" + out;
    } catch (DatasetFormatException e) {
      return "ERROR " + e.getMessage() + " @" + e.line() + "\n" + out;
    }
  }

  private static byte[] randomFile(SplittableRandom random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextInt(5) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    int columns = 1 + random.nextInt(5);
    char delimiter = random.nextBoolean() ? ',' : ';';
    List<String> header = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      header.add("c" + c);
    }
    out.writeBytes(String.join(String.valueOf(delimiter), header).getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    int rows = random.nextInt(3) == 0 ? random.nextInt(50) : 2000 + random.nextInt(30000);
    int faultRow = random.nextInt(3) == 0 ? -1 : random.nextInt(rows + 1);
    for (int r = 0; r < rows; r++) {
      int n = columns;
      if (r == faultRow && random.nextInt(6) == 0) {
        n = columns + 1; // wrong field count
      }
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < n; c++) {
        if (c > 0) {
          line.append(delimiter);
        }
        line.append(cell(random));
      }
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      if (r == faultRow) {
        int kind = random.nextInt(5);
        int at = random.nextInt(bytes.length + 1);
        ByteArrayOutputStream faulty = new ByteArrayOutputStream();
        faulty.write(bytes, 0, at);
        switch (kind) {
          case 0 -> faulty.write(0);
          case 1 -> faulty.write(0xC3); // truncated two-byte sequence
          case 2 -> faulty.write(0xFF);
          case 3 -> faulty.write('"'); // may open a quote that is never closed
          default -> faulty.writeBytes("x".repeat(100).getBytes(StandardCharsets.UTF_8));
        }
        faulty.write(bytes, at, bytes.length - at);
        bytes = faulty.toByteArray();
      }
      out.writeBytes(bytes);
      out.writeBytes((random.nextInt(10) == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static String cell(SplittableRandom random) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> " " + random.nextInt(1000) + " ";
      case 2 -> "\"a, \"\"quoted\"\"\nvalue\"";
      case 3 -> "é€" + random.nextInt(100);
      case 4 -> "\uD83D\uDE00x";
      default -> Long.toString(random.nextLong(1_000_000_000L));
    };
  }
}
