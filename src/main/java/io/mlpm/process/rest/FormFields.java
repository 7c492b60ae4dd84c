package io.mlpm.process.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.security.Unrestricted;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The fields a completion of a task may carry: the keyed, enabled fields of its deployed Camunda
 * Form. What a form only shows is a text component, a table or a disabled field, so nothing a
 * person merely saw can come back changed. A task without a deployed form accepts no field.
 */
@Component
public class FormFields {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> DISPLAY_ONLY = Set.of("text", "html", "image", "table", "spacer", "separator",
      "button", "iframe");
  private final FormService forms;
  private final IdentityService identity;
  /** Per process definition and task: deployed forms do not change under a definition. */
  private final Map<String, Set<String>> cache = new ConcurrentHashMap<>();

  FormFields(FormService forms, IdentityService identity) {
    this.forms = forms;
    this.identity = identity;
  }

  Set<String> of(Task task) {
    String key = task.getProcessDefinitionId() + "/" + task.getTaskDefinitionKey();
    Set<String> known = cache.get(key);
    if (known != null) {
      return known;
    }
    Set<String> fields = Unrestricted.call(identity, () -> read(task.getId()));
    if (!fields.isEmpty()) {
      // An empty answer may be a passing failure: asked again next time rather than kept.
      cache.put(key, fields);
    }
    return fields;
  }

  private Set<String> read(String taskId) {
    try (InputStream in = forms.getDeployedTaskForm(taskId)) {
      return fields(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException noForm) {
      // No Camunda Form bound (or none deployed): fail closed, nothing may be written.
      return Set.of();
    }
  }

  static Set<String> fields(JsonNode form) {
    Set<String> keys = new TreeSet<>();
    collect(form.path("components"), keys);
    return java.util.Collections.unmodifiableSet(keys);
  }

  private static void collect(JsonNode components, Set<String> keys) {
    for (JsonNode c : components) {
      String key = c.path("key").asText("");
      boolean enabled = !c.path("disabled").asBoolean(false) && !c.path("readonly").asBoolean(false);
      if (!key.isEmpty() && enabled && !DISPLAY_ONLY.contains(c.path("type").asText())) {
        keys.add(key);
      }
      collect(c.path("components"), keys);
    }
  }
}
