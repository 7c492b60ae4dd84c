package io.mlpm.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.Finding;
import io.mlpm.data.QualityFindings;
import java.util.stream.Collectors;
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
    String unwaivable = outcome.findings().stream().filter(f -> !QualityFindings.waivable(f)).map(Finding::message)
        .collect(Collectors.joining(" "));
    execution.setVariable(Variables.UNWAIVABLE_FINDINGS, abbreviate(unwaivable));
    execution.setVariable(Variables.WAIVER_NOTE, unwaivable.isEmpty()
        ? "Each finding may be waived with a reason; a second data steward then approves the dataset."
        : abbreviate("These findings make the project impossible on this dataset and cannot be waived: " + unwaivable
            + " Use a new dataset or abort."));
    // A new dataset's checks start without a waiver; a waiver sets it (DecisionListener).
    execution.setVariable(Variables.DATA_WAIVER, "none");
  }

  /** String variables hold at most 4,000 characters. */
  static String abbreviate(String s) {
    return s == null || s.length() <= 3900 ? s : s.substring(0, 3899) + "…";
  }
}
