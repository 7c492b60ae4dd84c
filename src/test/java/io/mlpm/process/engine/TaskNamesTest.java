package io.mlpm.process.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskNamesTest {

  @Test
  void aNameWithItsProjectFitsTheEnginesColumn() {
    assertThat(TaskNames.of("Approve charter", " — Churn (churn)")).isEqualTo("Approve charter — Churn (churn)");
    String long_ = TaskNames.of("Approve charter", " — " + "x".repeat(400) + " (key)");
    assertThat(long_).hasSize(TaskNames.MAX_NAME).startsWith("Approve charter — xxx").endsWith("…");
  }
}
