package io.mlpm.process.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A proposed policy table is checked before anyone reviews it: only FEEL (JUEL could call any bean
 * of the application), wherever and however the language is named.
 */
class EnginePoliciesTest {

  private static String table;
  private final EnginePolicies policies = new EnginePolicies(null, null, null);

  @BeforeAll
  static void read() throws Exception {
    table = Files.readString(Path.of("bpmn", "deployment-approval.dmn"));
  }

  @Test
  void theTableAsShippedPasses() {
    assertThatCode(() -> policies.validate("deployment-approval", table)).doesNotThrowAnyException();
    assertThatCode(() -> policies.validate("deployment-approval",
        table.replaceFirst("<inputEntry id=\"r1_in0\">", "<inputEntry id=\"r1_in0\" expressionLanguage=\"FEEL\">")
            .replaceFirst("<definitions ", "<definitions expressionLanguage=\"https://www.omg.org/spec/DMN/20191111/FEEL/\" ")))
        .doesNotThrowAnyException();
  }

  @Test
  void juelIsRefusedHoweverItsAttributeIsWritten() {
    for (String attribute : new String[] {"expressionLanguage=\"juel\"", "expressionLanguage='juel'",
        "expressionLanguage = 'JUEL' ", "expressionLanguage=\"&#x6A;uel\"", "expressionLanguage=\" juel\""}) {
      String juel = table.replaceFirst("<inputExpression ", "<inputExpression " + attribute + " ");
      assertThatThrownBy(() -> policies.validate("deployment-approval", juel)).as(attribute)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only FEEL is allowed");
    }
  }

  @Test
  void juelIsRefusedOnAnyElementAndOnTheWholeDocument() {
    String onEntry = table.replaceFirst("<inputEntry id=\"r1_in0\">", "<inputEntry id=\"r1_in0\" expressionLanguage='juel'>");
    assertThat(onEntry).isNotEqualTo(table);
    assertThatThrownBy(() -> policies.validate("deployment-approval", onEntry))
        .hasMessageContaining("expression language 'juel'");
    String onInput = table.replaceFirst("<inputExpression ", "<inputExpression expressionLanguage='groovy' ");
    assertThatThrownBy(() -> policies.validate("deployment-approval", onInput))
        .hasMessageContaining("expression language 'groovy'");
    String onDocument = table.replaceFirst("<definitions ", "<definitions expressionLanguage='juel' ");
    assertThatThrownBy(() -> policies.validate("deployment-approval", onDocument))
        .hasMessageContaining("expression language 'juel'");
  }

  @Test
  void aTableWithoutTheNamedDecisionOrItsHistoryTimeToLiveIsRefused() {
    assertThatThrownBy(() -> policies.validate("monitoring-policy", table))
        .hasMessage("The table defines no decision with id 'monitoring-policy'.");
    assertThatThrownBy(() -> policies.validate("deployment-approval",
        table.replace(" camunda:historyTimeToLive=\"180\"", "")))
        .hasMessage("The decision 'deployment-approval' needs camunda:historyTimeToLive.");
    String second = table.replaceFirst("</decision>", "</decision>\n  <decision id=\"monitoring-policy\" name=\"x\""
        + " camunda:historyTimeToLive=\"1\"><variable id=\"v\" name=\"x\"/><literalExpression><text>true</text></literalExpression></decision>");
    assertThatThrownBy(() -> policies.validate("deployment-approval", second))
        .hasMessage("A policy change holds exactly one decision, 'deployment-approval'; this table defines"
            + " [deployment-approval, monitoring-policy].");
    assertThatThrownBy(() -> policies.validate("deployment-approval", "<definitions"))
        .hasMessageStartingWith("The table is not valid DMN");
  }
}
