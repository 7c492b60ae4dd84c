package io.mlpm.process.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a completion may carry, read from a form: keyed, enabled input fields, nested ones too. */
class FormFieldsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void onlyKeyedEnabledInputsCount() throws Exception {
    String form = """
        {"components": [
          {"type": "text", "text": "{{projectName}}"},
          {"type": "table", "key": "metricsTable", "dataSource": "=metrics"},
          {"type": "radio", "key": "decision"},
          {"type": "textfield", "key": "shownOnly", "readonly": true},
          {"type": "textfield", "key": "greyedOut", "disabled": true},
          {"type": "group", "components": [{"type": "textarea", "key": "comment"}]}
        ]}""";
    assertThat(FormFields.fields(JSON.readTree(form))).containsExactly("comment", "decision");
  }

  @Test
  void theDeploymentApprovalAcceptsItsDecisionAndComment() throws Exception {
    try (InputStream in = Files.newInputStream(Path.of("forms/approveDeployment.form"))) {
      assertThat(FormFields.fields(JSON.readTree(in))).containsExactly("approved", "comment");
    }
  }
}
