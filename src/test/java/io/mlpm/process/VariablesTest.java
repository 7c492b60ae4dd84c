package io.mlpm.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.governance.DecisionRules;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The facts a decision is checked against, read from the process variables as the delegates wrote them. */
class VariablesTest {

  @Test
  void theColumnsOfAWideDatasetAreReadInFull() {
    // 2,000 columns of 30 characters: far beyond the 4,000 characters of a text variable.
    List<String> columns = IntStream.range(0, 2000).mapToObj(i -> String.format("measurement_%018d", i)).toList();
    String json = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(columns).toString();
    DecisionRules.Facts facts = Variables.facts(Map.of(Variables.DATASET_COLUMNS, json));
    assertThat(facts.datasetColumns()).hasSize(2000).endsWith("measurement_000000000000001999");
  }

  @Test
  void aColumnNameMayHoldAComma() {
    assertThat(Variables.names("[\"weight, kg\",\"label\"]")).containsExactly("weight, kg", "label");
    assertThat(Variables.names(null)).isEmpty();
  }
}
