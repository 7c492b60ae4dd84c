package io.mlpm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlpm.ml.TaskType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** What an external trainer's upload must be, and each way it is refused, bounded before it is read. */
class ExternalUploadTest {

  private static final String CANDIDATE = "{\"description\":\"d\",\"parameters\":{\"k\":1},"
      + "\"code\":{\"repository\":\"r\",\"commit\":\"c\"},\"artifact\":{\"format\":\"f\"}}";
  private static final String TWO = "row_id,prediction,probability:a,probability:b\n0,a,0.75,0.25\n1,b,0.1,0.9\n";

  private static Map<String, byte[]> valid() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("candidate.json", CANDIDATE.getBytes(StandardCharsets.UTF_8));
    entries.put("validation.csv", TWO.getBytes(StandardCharsets.UTF_8));
    entries.put("test.csv", TWO.getBytes(StandardCharsets.UTF_8));
    entries.put("artifact", new byte[] {1, 2, 3});
    return entries;
  }

  private static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static ExternalUpload.Facts check(Map<String, byte[]> entries) throws Exception {
    return ExternalUpload.check(zip(entries), TaskType.CLASSIFICATION, 2, 2, 1 << 20, 1 << 16);
  }

  private static void refused(Map<String, byte[]> entries, String message) {
    assertThatThrownBy(() -> check(entries)).isInstanceOf(ExternalUpload.InvalidUploadException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aValidUploadIsReadWithWhatItSaysOfItself() throws Exception {
    ExternalUpload.Facts facts = check(valid());
    assertThat(facts.validationRows()).isEqualTo(2);
    assertThat(facts.testRows()).isEqualTo(2);
    assertThat(facts.parameters()).containsEntry("k", "1");
    assertThat(facts.codeRepository()).isEqualTo("r");
    assertThat(facts.artifactFormat()).isEqualTo("f");
    assertThat(facts.artifactBytes()).isEqualTo(3);
  }

  @Test
  void eachKindOfBadUploadIsRefusedNamingTheProblem() throws Exception {
    Map<String, byte[]> missing = valid();
    missing.remove("artifact");
    refused(missing, "lacks 'artifact'");
    Map<String, byte[]> extra = valid();
    extra.put("notes.txt", new byte[] {1});
    refused(extra, "holds 'notes.txt'");
    Map<String, byte[]> folder = valid();
    folder.put("dir/", new byte[0]);
    refused(folder, "holds the folder 'dir/'");
    Map<String, byte[]> order = valid();
    order.put("test.csv", "row_id,prediction\n1,a\n0,b\n".getBytes(StandardCharsets.UTF_8));
    refused(order, "test.csv line 2: row_id 1 where 0 was expected");
    Map<String, byte[]> sum = valid();
    sum.put("validation.csv", "row_id,prediction,probability:a,probability:b\n0,a,0.7,0.7\n1,a,0.5,0.5\n"
        .getBytes(StandardCharsets.UTF_8));
    refused(sum, "validation.csv line 2: the probabilities sum to 1.4");
    Map<String, byte[]> fewer = valid();
    fewer.put("test.csv", "row_id,prediction\n0,a\n".getBytes(StandardCharsets.UTF_8));
    refused(fewer, "test.csv holds 1 predictions for the 2 rows handed out");
    Map<String, byte[]> json = valid();
    json.put("candidate.json", "{\"parameters\":{}}".getBytes(StandardCharsets.UTF_8));
    refused(json, "candidate.json lacks 'description'");
    Map<String, byte[]> classes = valid();
    StringBuilder header = new StringBuilder("row_id,prediction");
    for (int i = 0; i <= ExternalUpload.MAX_CLASSES; i++) {
      header.append(",probability:c").append(i);
    }
    classes.put("test.csv", (header + "\n").getBytes(StandardCharsets.UTF_8));
    refused(classes, "at most " + ExternalUpload.MAX_CLASSES + " classes");
  }

  @Test
  void whatUnpacksBeyondItsBoundsIsRefusedWhileItIsRead() throws Exception {
    Map<String, byte[]> artifact = valid();
    artifact.put("artifact", new byte[(1 << 16) + 1]);
    refused(artifact, "'artifact' unpacks to more than 65536 bytes");
    // A 2 MB field packs into a few kilobytes; the whole upload may unpack to 1 MB.
    Map<String, byte[]> bomb = valid();
    bomb.put("validation.csv", ("row_id,prediction\n0," + "a".repeat(2_000_000) + "\n")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(zip(bomb).length).isLessThan(100_000);
    refused(bomb, "unpacks to more than it may");
  }
}
