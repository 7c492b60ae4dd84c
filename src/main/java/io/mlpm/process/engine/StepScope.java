package io.mlpm.process.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * The variables a long step sees while it is worked as an external task: those fetched with the
 * task, plus what the step wrote, which are sent with its completion (or with its BPMN error). The
 * step reads and writes them as a delegate would its execution, so {@link io.mlpm.process.Variables} serves both.
 * Nothing is removed: a completion can only set variables.
 */
public final class StepScope implements VariableScope {

  private final String businessKey;
  private final VariableMap fetched;
  private final Map<String, Object> written = new LinkedHashMap<>();

  public StepScope(String businessKey, VariableMap fetched) {
    this.businessKey = businessKey;
    this.fetched = fetched;
  }

  /** The project key: the business key of the process instance the task belongs to. */
  public String getProcessBusinessKey() {
    return businessKey;
  }

  /** What the step set, in the order it set it. */
  public Map<String, Object> written() {
    return written;
  }

  @Override
  public String getVariableScopeKey() {
    return "externalTask";
  }

  @Override
  public Map<String, Object> getVariables() {
    Map<String, Object> all = new LinkedHashMap<>(fetched);
    all.putAll(written);
    return all;
  }

  @Override
  public VariableMap getVariablesTyped() {
    return getVariablesTyped(true);
  }

  @Override
  public VariableMap getVariablesTyped(boolean deserialize) {
    VariableMap all = org.camunda.bpm.engine.variable.Variables.createVariables();
    all.putAll(getVariables());
    return all;
  }

  @Override
  public Map<String, Object> getVariablesLocal() {
    return getVariables();
  }

  @Override
  public VariableMap getVariablesLocalTyped() {
    return getVariablesTyped();
  }

  @Override
  public VariableMap getVariablesLocalTyped(boolean deserialize) {
    return getVariablesTyped(deserialize);
  }

  @Override
  public Object getVariable(String name) {
    if (written.containsKey(name)) {
      Object value = written.get(name);
      return value instanceof TypedValue typed ? typed.getValue() : value;
    }
    return fetched.get(name);
  }

  @Override
  public Object getVariableLocal(String name) {
    return getVariable(name);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends TypedValue> T getVariableTyped(String name) {
    Object value = written.get(name);
    if (value instanceof TypedValue typed) {
      return (T) typed;
    }
    return written.containsKey(name) ? (T) org.camunda.bpm.engine.variable.Variables.untypedValue(value)
        : (T) fetched.getValueTyped(name);
  }

  @Override
  public <T extends TypedValue> T getVariableTyped(String name, boolean deserialize) {
    return getVariableTyped(name);
  }

  @Override
  public <T extends TypedValue> T getVariableLocalTyped(String name) {
    return getVariableTyped(name);
  }

  @Override
  public <T extends TypedValue> T getVariableLocalTyped(String name, boolean deserialize) {
    return getVariableTyped(name);
  }

  @Override
  public Set<String> getVariableNames() {
    return getVariables().keySet();
  }

  @Override
  public Set<String> getVariableNamesLocal() {
    return getVariableNames();
  }

  @Override
  public void setVariable(String name, Object value) {
    written.put(name, value);
  }

  @Override
  public void setVariableLocal(String name, Object value) {
    setVariable(name, value);
  }

  @Override
  public void setVariables(Map<String, ? extends Object> variables) {
    written.putAll(variables);
  }

  @Override
  public void setVariablesLocal(Map<String, ? extends Object> variables) {
    setVariables(variables);
  }

  @Override
  public boolean hasVariables() {
    return !fetched.isEmpty() || !written.isEmpty();
  }

  @Override
  public boolean hasVariablesLocal() {
    return hasVariables();
  }

  @Override
  public boolean hasVariable(String name) {
    return written.containsKey(name) || fetched.containsKey(name);
  }

  @Override
  public boolean hasVariableLocal(String name) {
    return hasVariable(name);
  }

  @Override
  public void removeVariable(String name) {
    throw removal();
  }

  @Override
  public void removeVariableLocal(String name) {
    throw removal();
  }

  @Override
  public void removeVariables(Collection<String> names) {
    throw removal();
  }

  @Override
  public void removeVariablesLocal(Collection<String> names) {
    throw removal();
  }

  @Override
  public void removeVariables() {
    throw removal();
  }

  @Override
  public void removeVariablesLocal() {
    throw removal();
  }

  private static UnsupportedOperationException removal() {
    return new UnsupportedOperationException("A long step's completion can set variables, not remove them.");
  }
}
