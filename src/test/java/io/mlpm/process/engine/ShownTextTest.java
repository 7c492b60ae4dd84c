package io.mlpm.process.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Text people typed reaches a form's Markdown escaped, and the forms template it only that way. */
class ShownTextTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Values the application makes (keys it validated, generated ids, hashes), safe in a link or code span. */
  /** Written by the engine from ids, hashes, numbers and the checked project key, never from typed text. */
  private static final Set<String> GENERATED = Set.of("projectKey", "candidateModelId", "healthCheckId",
      "policyChangeId", "datasetSha256", "decisionKey", "iterationCards", "taskProjectKey");
  private static final Pattern TEMPLATED = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

  @Test
  void everyMarkdownPunctuationIsEscaped() {
    assertThat(ShownText.asText("[x](https://e.org) <b>b</b> *e* `c` www.e.org a@e.org"))
        .isEqualTo("\\[x\\]\\(https\\:\\/\\/e\\.org\\) \\<b\\>b\\<\\/b\\> \\*e\\* \\`c\\` www\\.e\\.org a\\@e\\.org");
    assertThat(ShownText.asText("# heading\n1. item\n- item\n> quote\n|a|b|\n===\n\\"))
        .isEqualTo("\\# heading\n1\\. item\n\\- item\n\\> quote\n\\|a\\|b\\|\n\\=\\=\\=\n\\\\");
  }

  @Test
  void indentationIsDroppedSoNoLineBecomesACodeBlock() {
    assertThat(ShownText.asText("first\n    indented\n\ttabbed")).isEqualTo("first\nindented\ntabbed");
  }

  @Test
  void lettersDigitsAndNonAsciiStayAsTheyAre() {
    assertThat(ShownText.asText("Größe 42 Ω résumé")).isEqualTo("Größe 42 Ω résumé");
  }

  @Test
  void textNumbersAndFlagsAreShownOthersAreLeftOut() throws Exception {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("businessProblem", "a_b");
    variables.put("maxIterations", 3);
    variables.put("approved", true);
    variables.put("metrics", List.of(1, 2));
    variables.put("shown", "old");
    variables.put("nothing", null);
    JsonNode shown = JSON.readTree(ShownText.shown(variables));
    assertThat(shown.path("businessProblem").asText()).isEqualTo("a\\_b");
    assertThat(shown.path("maxIterations").asText()).isEqualTo("3");
    assertThat(shown.path("approved").asText()).isEqualTo("true");
    assertThat(shown.has("metrics")).isFalse();
    assertThat(shown.has("shown")).isFalse();
    assertThat(shown.has("nothing")).isFalse();
  }

  @Test
  void formsTemplateTypedTextOnlyThroughShown() throws Exception {
    List<String> raw = new ArrayList<>();
    try (Stream<Path> forms = Files.list(Path.of("forms"))) {
      for (Path form : forms.filter(p -> p.toString().endsWith(".form")).toList()) {
        texts(JSON.readTree(form.toFile()), text -> {
          Matcher m = TEMPLATED.matcher(text);
          while (m.find()) {
            String expression = m.group(1);
            if (!expression.startsWith("shown.") && !GENERATED.contains(expression)) {
              raw.add(form.getFileName() + ": {{" + expression + "}}");
            }
          }
        });
      }
    }
    assertThat(raw).as("templated variables not escaped through 'shown.'").isEmpty();
  }

  private static void texts(JsonNode node, java.util.function.Consumer<String> sink) {
    for (JsonNode c : node.path("components")) {
      if (c.path("text").isTextual()) {
        sink.accept(c.path("text").asText());
      }
      texts(c, sink);
    }
  }
}
