package io.mlpm.process.engine;

import io.mlpm.process.VariableNamesTest;
import io.mlpm.process.Variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.junit.jupiter.api.Test;

/** The declared inputs and outputs of the lifecycle's call activities. */
class CallContractTest {

  private static final Pattern FORM_REF = Pattern.compile("camunda:formRef=\"([^\"]+)\"");
  /** {@code {{x}}}, {@code {{shown.x}}} in texts, {@code "=x"} as a table's data source. */
  private static final Pattern FORM_READS = Pattern.compile("\\{\\{(?:shown\\.)?(\\w+)}}|\"=(\\w+)\"");
  /** Written on each task by the task listeners themselves, never carried by the process. */
  private static final Set<String> TASK_LOCAL = Set.of(ShownText.SHOWN, Variables.TASK_PROJECT_KEY,
      Variables.TASK_PROJECT_NAME);

  /** What the diagram's expressions and its tasks' forms read. */
  private static Set<String> readBy(String diagram) throws Exception {
    Path bpmn = Path.of("bpmn", diagram);
    Set<String> read = new TreeSet<>(VariableNamesTest.readBy(bpmn));
    Matcher form = FORM_REF.matcher(Files.readString(bpmn));
    while (form.find()) {
      Matcher m = FORM_READS.matcher(Files.readString(Path.of("forms", form.group(1) + ".form")));
      while (m.find()) {
        read.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    read.addAll(Variables.FACTS); // the completion guard's facts, read on every decision
    read.removeAll(TASK_LOCAL);
    read.remove(Variables.ESCALATED_GROUPS); // only the escalation process has it
    read.remove(Variables.ROLLBACK_AVAILABLE); // only reviewDegradation, in the lifecycle, reads it
    return read;
  }

  /** What a called process reads either comes in or is written by the process itself (and so goes out). */
  private static void assertCovers(String diagram, CallContract contract) throws Exception {
    Set<String> uncovered = readBy(diagram);
    uncovered.removeAll(contract.inputs());
    uncovered.removeAll(contract.outputs());
    assertThat(uncovered).as(diagram + " reads these, but they neither come in nor go out").isEmpty();
  }

  @Test
  void dataPreparationGetsWhatItsStepsAndFormsRead() throws Exception {
    assertCovers("data-preparation.bpmn", CallContract.DATA_PREPARATION);
  }

  @Test
  void modelDevelopmentGetsWhatItsStepsAndFormsRead() throws Exception {
    assertCovers("model-development.bpmn", CallContract.MODEL_DEVELOPMENT);
  }

  @Test
  void whatTheLifecycleReadsAfterACallComesBackFromIt() {
    assertThat(CallContract.DATA_PREPARATION.outputs()).contains(Variables.DATA_OUTCOME, Variables.DATASET_URI,
        Variables.DATASET_VERSION_ID, Variables.DATASET_SHA256, Variables.SPLIT_ID, Variables.DATA_WAIVER,
        Variables.DATA_CHANGED_NOTE);
    assertThat(CallContract.MODEL_DEVELOPMENT.outputs()).contains(Variables.DEVELOPMENT_OUTCOME,
        Variables.CANDIDATE_MODEL_ID, Variables.CRITERIA_MET, Variables.ITERATION, Variables.MAX_ITERATIONS);
    // The charter comes back only through a recorded change, never from a called process.
    assertThat(CallContract.DATA_PREPARATION.outputs()).doesNotContain(Variables.TARGET_COLUMN, Variables.TASK_TYPE,
        Variables.SUCCESS_CRITERIA, Variables.SPONSOR);
    assertThat(CallContract.MODEL_DEVELOPMENT.outputs()).doesNotContain(Variables.TARGET_COLUMN,
        Variables.DATASET_URI, Variables.SPLIT_ID);
  }

  @Test
  void onlyDeclaredVariablesCrossAndWithTheirTypes() {
    DelegateExecution lifecycle = mock(DelegateExecution.class);
    TypedValue split = org.camunda.bpm.engine.variable.Variables.longValue(7L);
    when(lifecycle.hasVariable(anyString())).thenReturn(true);
    when(lifecycle.getVariableTyped(Variables.SPLIT_ID)).thenReturn(split);
    VariableMap called = org.camunda.bpm.engine.variable.Variables.createVariables();
    CallContract.MODEL_DEVELOPMENT.mapInputVariables(lifecycle, called);
    assertThat(called.keySet()).containsExactlyInAnyOrderElementsOf(CallContract.MODEL_DEVELOPMENT.inputs());
    assertThat((Object) called.getValueTyped(Variables.SPLIT_ID)).isSameAs(split);
    verify(lifecycle, never()).getVariableTyped(Variables.DATA_OUTCOME);

    VariableScope development = mock(VariableScope.class);
    when(development.hasVariable(anyString())).thenReturn(false);
    when(development.hasVariable(Variables.CANDIDATE_MODEL_ID)).thenReturn(true);
    TypedValue model = org.camunda.bpm.engine.variable.Variables.longValue(3L);
    when(development.getVariableTyped(Variables.CANDIDATE_MODEL_ID)).thenReturn(model);
    DelegateExecution caller = mock(DelegateExecution.class);
    CallContract.MODEL_DEVELOPMENT.mapOutputVariables(caller, development);
    verify(caller).setVariable(Variables.CANDIDATE_MODEL_ID, model);
    verify(caller, never()).setVariable(org.mockito.ArgumentMatchers.eq(Variables.SPLIT_ID),
        org.mockito.ArgumentMatchers.any(Object.class));
  }
}
