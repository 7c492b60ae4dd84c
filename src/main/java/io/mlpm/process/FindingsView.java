package io.mlpm.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.Finding;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Writes data findings as a JSON list the forms show as a table, plus the verdict for the gateway. */
@Component
class FindingsView {

  private static final ObjectMapper JSON = new ObjectMapper();

  void write(DelegateExecution execution, DataCheckOutcome outcome) {
    ArrayNode rows = JSON.createArrayNode();
    for (Finding f : outcome.findings()) {
      rows.addObject()
          .put("severity", f.severity().name())
          .put("check", f.check())
          .put("column", f.column() == null ? "" : f.column())
          .put("message", f.message());
    }
    execution.setVariable(Variables.DATA_VERDICT, outcome.verdict().name());
    execution.setVariable(Variables.DATA_FINDINGS, Variables.json(rows.toString()));
    execution.setVariable(Variables.DATA_SUMMARY, abbreviate(outcome.summary()));
  }

  /** String variables hold at most 4,000 characters. */
  static String abbreviate(String s) {
    return s == null || s.length() <= 3900 ? s : s.substring(0, 3899) + "…";
  }
}
