package io.mlpm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {

  @TempDir Path dir;
  final CsvDatasetReader reader = new CsvDatasetReader();

  Path write(String name, String text) throws IOException {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  static void assertFormatError(ThrowingCallable call, String message, long line) {
    assertThatThrownBy(call)
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(line));
  }

  @Test
  void readsIrisWithFingerprint() throws Exception {
    Path iris = Path.of("src/test/resources/datasets/iris.csv");
    LoadedDataset loaded = reader.read(iris);
    assertThat(loaded.dataset().columns())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width", "species");
    assertThat(loaded.dataset().size()).isEqualTo(150);
    assertThat(loaded.dataset().columnIndex("species")).isEqualTo(4);
    assertThat(loaded.dataset().columnIndex("nope")).isEqualTo(-1);
    String sha = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(iris)));
    assertThat(loaded.fingerprint())
        .isEqualTo(new DatasetFingerprint(sha, Files.size(iris), 150, 5));
  }

  @Test
  void detectsSemicolonAndTabAndStripsBomAndBlankCells() throws IOException {
    Dataset semi = reader.read(write("s.csv", "\uFEFFname;city\n\"Doe; J\";Paris\nAnn;  \n"))
        .dataset();
    assertThat(semi.columns()).containsExactly("name", "city");
    assertThat(semi.rows().get(0)).containsExactly("Doe; J", "Paris");
    assertThat(semi.rows().get(1)).containsExactly("Ann", null);

    Dataset tab = reader.read(write("t.tsv", "a\tb\r\n1\t\r\n")).dataset();
    assertThat(tab.columns()).containsExactly("a", "b");
    assertThat(tab.rows().get(0)).containsExactly("1", null);
  }

  /** The charter's columns are checked at the start: only the first record is read. */
  @Test
  void theHeaderIsReadWithoutTheRestOfTheFile() throws IOException {
    Path file = write("header.csv", "\uFEFFa;b;\"c d\"\n1;2;3\n4;5\n");
    assertThat(reader.header(file)).containsExactly("a", "b", "c d");
    assertFormatError(() -> reader.read(file), "Line 3 has 2 fields", 3);
    assertThat(new CsvDatasetReader(CsvDatasetReader.delimiter("comma")).header(file)).containsExactly("a;b;\"c d\"");
    assertFormatError(() -> reader.header(write("empty.csv", "")), "empty", 0);
  }

  @Test
  void aDeclaredDelimiterWinsOverDetection() throws IOException {
    // Detection would take the comma of the header for the separator.
    Path file = write("declared.csv", "first,last;age\nDoe,Jane;41\n");
    assertThat(reader.read(file).dataset().columns()).containsExactly("first", "last;age");
    Dataset declared = new CsvDatasetReader(CsvDatasetReader.delimiter("semicolon")).read(file).dataset();
    assertThat(declared.columns()).containsExactly("first,last", "age");
    assertThat(declared.rows().get(0)).containsExactly("Doe,Jane", "41");
  }

  @Test
  void aDeclaredDelimiterKeepsTheQuoteAndFieldChecks() throws IOException {
    Path unterminated = write("open-quote.csv", "a;b\n1;\"never closed\n2;3\n");
    CsvDatasetReader declared = new CsvDatasetReader(';');
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> declared.read(unterminated))
        .isInstanceOf(DatasetFormatException.class).hasMessageContaining("quote");
    Path huge = write("huge.csv", "a;b\n1;" + "x".repeat(50) + "\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvDatasetReader(10, ';').read(huge))
        .isInstanceOf(DatasetFormatException.class);
  }

  @Test
  void declaredDelimitersAreNamedOrWritten() {
    assertThat(CsvDatasetReader.delimiter(null)).isNull();
    assertThat(CsvDatasetReader.delimiter("")).isNull();
    assertThat(CsvDatasetReader.delimiter(",")).isEqualTo(',');
    assertThat(CsvDatasetReader.delimiter(";")).isEqualTo(';');
    assertThat(CsvDatasetReader.delimiter("tab")).isEqualTo('\t');
    assertThat(CsvDatasetReader.delimiter("\t")).isEqualTo('\t');
    assertThat(CsvDatasetReader.delimiter("\\t")).isEqualTo('\t');
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CsvDatasetReader.delimiter("|"))
        .hasMessageContaining("'|'");
  }

  @Test
  void readsGzipAndHashesCompressedBytes() throws Exception {
    Path file = dir.resolve("d.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("x,y\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
    }
    LoadedDataset loaded = reader.read(file);
    assertThat(loaded.dataset().size()).isEqualTo(2);
    assertThat(loaded.fingerprint().sha256()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    assertThat(loaded.fingerprint().sizeBytes()).isEqualTo(Files.size(file));
  }

  @Test
  void emptyFile() throws IOException {
    assertFormatError(() -> reader.read(write("e.csv", "")), "The file is empty.", 0);
    assertFormatError(() -> reader.read(write("e2.csv", "\n\n")), "The file is empty.", 0);
  }

  @Test
  void headerOnly() throws IOException {
    assertFormatError(() -> reader.read(write("h.csv", "a,b,c\n")), "no data rows", 0);
  }

  @Test
  void wrongFieldCountNamesLine() throws IOException {
    String text = "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3\n";
    assertFormatError(() -> reader.read(write("w.csv", text)),
        "Line 7 has 3 fields, the header has 5.", 7);
  }

  @Test
  void unterminatedQuote() throws IOException {
    assertFormatError(() -> reader.read(write("q.csv", "a,b\n1,2\n3,\"four\n5,6\n")),
        "Line 3 opens a quoted field", 3);
  }

  @Test
  void quotedNewlinesAndEscapedQuotesAreFine() throws IOException {
    Dataset d = reader.read(write("ok.csv", "a,b\n\"x\ny\",\"say \"\"hi\"\"\"\n2,3\n")).dataset();
    assertThat(d.rows().get(0)).containsExactly("x\ny", "say \"hi\"");
    assertThat(d.size()).isEqualTo(2);
  }

  @Test
  void invalidUtf8NamesLine() throws IOException {
    byte[] latin1 = "a,b\n1,2\ncaf\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1);
    assertFormatError(() -> reader.read(write("l.csv", latin1)),
        "Line 3 contains bytes that are not valid UTF-8", 3);
  }

  @Test
  void invalidUtf8LineIsRightFarIntoTheFile() throws IOException {
    StringBuilder text = new StringBuilder("a,b\n");
    for (int i = 0; i < 5000; i++) {
      text.append(i).append(",\u00e9t\u00e9\n"); // valid two-byte characters across buffers
    }
    byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(good, good.length + 4);
    bytes[good.length] = '1';
    bytes[good.length + 1] = ',';
    bytes[good.length + 2] = (byte) 0xff; // never valid in UTF-8
    bytes[good.length + 3] = '\n';
    assertFormatError(() -> reader.read(write("far.csv", bytes)), "Line 5002 ", 5002);
  }

  @Test
  void binaryFile() throws IOException {
    byte[] bytes = {'P', 'K', 3, 4, 0, 0, 1, 2, 0, 9};
    assertFormatError(() -> reader.read(write("b.csv", bytes)), "binary file", 0);
  }

  @Test
  void duplicateAndBlankHeaderNames() throws IOException {
    assertFormatError(() -> reader.read(write("d.csv", "a,b,a\n1,2,3\n")),
        "names column 'a' twice", 1);
    assertFormatError(() -> reader.read(write("n.csv", "a,,c\n1,2,3\n")),
        "has no name for column 2", 1);
  }

  @Test
  void oversizedFieldIsRefused() throws IOException {
    CsvDatasetReader small = new CsvDatasetReader(100);
    String text = "a,b\n1,2\n3," + "x".repeat(101) + "\n";
    assertFormatError(() -> small.read(write("big.csv", text)),
        "Line 3 has a field longer than 100 characters", 3);
    String quoted = "a,b\n1,\"" + "y\n".repeat(60) + "\"\n";
    assertFormatError(() -> small.read(write("bigq.csv", quoted)),
        "Line 2 has a field longer than 100 characters", 2);
  }

  @Test
  void aFieldOfExactlyTheLimitPassesAndOneMoreCharacterFails() throws IOException {
    CsvDatasetReader small = new CsvDatasetReader(100);
    // at the limit: before a delimiter, before a line break, at the end of the file, across chunks
    String fits = "a,b\n" + "x".repeat(100) + ",1\n2," + "y".repeat(100) + "\n"
        + "1,2\n".repeat(3000) + "z".repeat(100) + ",3\n4," + "w".repeat(100);
    assertThat(small.read(write("fits.csv", fits)).dataset().rows()).hasSize(3004);
    for (String over : List.of("x".repeat(101) + ",1\n", "1," + "y".repeat(101) + "\n", "1," + "y".repeat(101))) {
      assertFormatError(() -> small.read(write("over.csv", "a,b\n1,2\n" + "1,2\n".repeat(3000) + over)),
          "Line 3003 has a field longer than 100 characters", 3003);
    }
  }

  @Test
  void notGzipAfterMagicBytes() throws IOException {
    byte[] bytes = {0x1f, (byte) 0x8b, 'n', 'o', 'p', 'e'};
    assertThatThrownBy(() -> reader.read(write("g.csv.gz", bytes)))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("gzip");
  }
}
