package io.mlpm.process.engine;

import io.mlpm.process.Variables;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateVariableMapping;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * What a called process gets from the lifecycle and gives back, by name: the call activities'
 * declared inputs and outputs ({@code camunda:variableMappingDelegateExpression}), so that nothing
 * else crosses, in either direction. Values cross with their types (JSON stays JSON).
 */
public final class CallContract implements DelegateVariableMapping {

  /** The charter as the start gave it and validateCharter completed it: forms show it, guards check against it. */
  static final List<String> CHARTER = Stream.concat(Stream.of(Variables.PROJECT_KEY, Variables.PROJECT_NAME,
      Variables.BUSINESS_PROBLEM, Variables.SPONSOR, Variables.INITIATOR, Variables.DATASET_URI,
      Variables.TARGET_COLUMN, Variables.TASK_TYPE, Variables.SUCCESS_CRITERIA, Variables.SENSITIVE_ATTRIBUTE,
      Variables.MAX_ITERATIONS, Variables.RISK_LEVEL, Variables.SIGN_OFF_DAYS, Variables.SEED, Variables.CSV_DELIMITER,
      Variables.ALGORITHMS, Variables.TUNING_BUDGET, Variables.EXCLUDED_COLUMNS),
      io.mlpm.data.QualityFindings.OVERRIDES.stream()).toList();

  /** What the data checks found and the steward decided: the preparation starts from it and hands it on. */
  static final List<String> DATA_STATE = List.of(Variables.DATASET_URI, Variables.DATASET_VERSION_ID,
      Variables.DATASET_SHA256, Variables.CHECKED_DATASET_URI, Variables.DATASET_COLUMNS, Variables.DATA_VERDICT,
      Variables.DATA_FINDINGS, Variables.DATA_SUMMARY, Variables.UNWAIVABLE_FINDINGS, Variables.WAIVER_NOTE,
      Variables.DATA_WAIVER, Variables.DATA_CHANGED_NOTE, Variables.STEWARD_EXCLUDED_COLUMNS,
      Variables.PROFILE_EXCLUSIONS, Variables.SPLIT_ID, Variables.SPLIT_SUMMARY, Variables.USED_POLICY_VERSIONS);

  /** How model development stands: the project's iteration count goes on across rounds. */
  static final List<String> DEVELOPMENT_STATE = List.of(Variables.ITERATION, Variables.ITERATIONS_TABLE,
      Variables.ITERATION_CARDS, Variables.CANDIDATE_MODEL_ID, Variables.USED_POLICY_VERSIONS);

  /**
   * What model development hands on to the deployment sign-offs and to the next round (a retry's
   * algorithms, budget and columns left out stay the team's choice there too).
   */
  static final List<String> DEVELOPMENT_RESULT = List.of(Variables.DEVELOPMENT_OUTCOME, Variables.ITERATION,
      Variables.ROUND_ITERATION, Variables.ITERATIONS_TABLE, Variables.ITERATION_CARDS, Variables.CANDIDATE_MODEL_ID,
      Variables.SELECTED_ALGORITHM, Variables.SELECTION_REASON, Variables.CANDIDATES_TABLE,
      Variables.ITERATION_SUMMARY, Variables.VALIDATION_METRICS, Variables.METRICS, Variables.CRITERIA_RESULTS,
      Variables.CRITERIA_MET, Variables.CRITERIA_SUMMARY, Variables.ROWS_USED, Variables.STEP_FAILURE,
      Variables.MAX_ITERATIONS, Variables.ALGORITHMS, Variables.TUNING_BUDGET, Variables.EXCLUDED_COLUMNS,
      Variables.ITERATION_DECISION.value(),
      Variables.ITERATION_DECISION.by(), Variables.ITERATION_DECISION.comment(), Variables.SPONSOR_CHOICE.value(),
      Variables.SPONSOR_CHOICE.by(), Variables.SPONSOR_CHOICE.comment(), Variables.USED_POLICY_VERSIONS);

  public static final CallContract DATA_PREPARATION = new CallContract(union(CHARTER, DATA_STATE),
      union(DATA_STATE, List.of(Variables.DATA_OUTCOME, Variables.PREPARATION_FAILED, Variables.DATASET.value(),
          Variables.DATASET.by(), Variables.DATASET.comment(), Variables.DATA_RESOLUTION.value(),
          Variables.DATA_RESOLUTION.by(), Variables.DATA_RESOLUTION.comment())));

  public static final CallContract MODEL_DEVELOPMENT = new CallContract(union(CHARTER, DATA_STATE, DEVELOPMENT_STATE),
      union(DEVELOPMENT_RESULT, List.of(Variables.DATA_CHANGED_NOTE)));

  /**
   * An external candidate's training: the split and iteration its trainer's links read, and the topic
   * its trainer fetches; nothing of the project's governance goes in, and nothing comes back (the
   * upload is the project's record, in its tables).
   */
  public static final CallContract EXTERNAL_TRAINING = new CallContract(
      List.of(Variables.SPLIT_ID, Variables.ITERATION, Variables.TRAINER_TOPIC), List.of());

  private final List<String> inputs;
  private final List<String> outputs;

  CallContract(List<String> inputs, List<String> outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  List<String> inputs() {
    return inputs;
  }

  List<String> outputs() {
    return outputs;
  }

  @Override
  public void mapInputVariables(DelegateExecution caller, VariableMap called) {
    for (String name : inputs) {
      if (caller.hasVariable(name)) {
        called.putValueTyped(name, caller.getVariableTyped(name));
      }
    }
  }

  @Override
  public void mapOutputVariables(DelegateExecution caller, VariableScope called) {
    for (String name : outputs) {
      if (called.hasVariable(name)) {
        caller.setVariable(name, called.getVariableTyped(name));
      }
    }
  }

  @SafeVarargs
  private static List<String> union(List<String>... lists) {
    Set<String> all = new LinkedHashSet<>();
    for (List<String> l : lists) {
      all.addAll(l);
    }
    return List.copyOf(all);
  }
}
