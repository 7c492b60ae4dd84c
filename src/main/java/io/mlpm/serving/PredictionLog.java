package io.mlpm.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.ml.TaskType;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.FeatureColumn;
import io.mlpm.training.FeatureSchema;
import io.mlpm.training.Prediction;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.ConflictException;
import io.mlpm.web.GoneException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The predictions a model trained and served outside made, sent here in batches by its serving
 * system: logged like the ones this API answers, so that drift, live metrics and the health policy
 * watch it the same way. Only the production version's predictions are taken, each once (by the
 * serving system's own id); a batch is logged whole or not at all.
 */
@Service
public class PredictionLog {

  private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The serving system's id of a prediction: what its feedback names it by. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final int MAX_CLASSES = 1_000;

  /** One prediction made outside. */
  public record Logged(String id, Map<String, Object> inputs, Object output, Map<String, Double> probabilities) {}

  /** What a batch came to: how many were new, how many had been logged before, and the ids here of each. */
  public record Outcome(int logged, int alreadyLogged, Map<String, Long> predictionIds) {}

  private final JdbcTemplate jdbc;
  private final ProjectRepository projects;
  private final ModelRegistry registry;
  private final int maxRows;
  private final int maxBytesPerValue;

  public PredictionLog(JdbcTemplate jdbc, ProjectRepository projects, ModelRegistry registry,
      MlpmProperties properties) {
    this.jdbc = jdbc;
    this.projects = projects;
    this.registry = registry;
    this.maxRows = properties.serving().maxBatchRows();
    this.maxBytesPerValue = properties.serving().maxBytesPerValue();
  }

  /**
   * @param modelVersionId the production model's id (as its serving task gave it) the serving system says made them
   * @throws BadRequestException naming the prediction and what is wrong with it
   * @throws ConflictException when that version does not serve (now) or is served by this API
   */
  @Transactional
  public Outcome log(String projectKey, long modelVersionId, List<Logged> predictions) {
    Project project = projects.require(projectKey);
    if (project.status() != ProjectStatus.ACTIVE) {
      throw new GoneException("Project '" + projectKey + "' has ended (" + project.status().name().toLowerCase()
          + "); its predictions are no longer watched.");
    }
    if (predictions.isEmpty()) {
      throw new BadRequestException("'predictions' is empty; send at least one.");
    }
    if (predictions.size() > maxRows) {
      throw new BadRequestException("'predictions' has " + predictions.size() + " items; at most " + maxRows
          + " per request (mlpm.serving.max-batch-rows).");
    }
    ModelVersion production = registry.production(projectKey).orElseThrow(() -> new ConflictException(
        "Project '" + projectKey + "' has no production model yet (phase: " + project.phase() + ")."));
    if (!production.external()) {
      throw new ConflictException("Model version " + production.version() + " of project '" + projectKey + "' is"
          + " served by this application, which logs its predictions as it answers them.");
    }
    if (production.id() != modelVersionId) {
      throw new ConflictException("Model " + modelVersionId + " does not serve project '" + projectKey
          + "'; model " + production.id() + " (version " + production.version() + ", " + production.algorithm()
          + ") does. Log the predictions of the production model only.");
    }
    FeatureSchema schema = FeatureSchema.fromJson(production.featureSchemaJson());
    Set<String> features = new HashSet<>();
    schema.columns().stream().map(FeatureColumn::name).forEach(features::add);
    TaskType type = TaskType.fromCode(production.taskType()).orElse(TaskType.CLASSIFICATION);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < predictions.size(); i++) {
      check(i, predictions.get(i), features, type, ids);
    }
    Timestamp now = Timestamp.from(Instant.now());
    Map<String, Long> predictionIds = new LinkedHashMap<>();
    int fresh = 0;
    for (Logged p : predictions) {
      Optional<Long> earlier = idOf(projectKey, p.id());
      if (earlier.isPresent()) {
        predictionIds.put(p.id(), earlier.get());
        continue;
      }
      try {
        predictionIds.put(p.id(), insert(projectKey, production.id(), p, now));
      } catch (DuplicateKeyException e) {
        throw new ConflictException("Prediction '" + p.id() + "' was logged at the same moment by another request;"
            + " send the batch again (what is logged already is not logged twice).");
      }
      fresh++;
    }
    LOG.info("Project '{}': {} predictions of model {} logged by its serving system ({} sent before)", projectKey,
        fresh, modelVersionId, predictions.size() - fresh);
    return new Outcome(fresh, predictions.size() - fresh, predictionIds);
  }

  /** The id here of a prediction logged with the serving system's id. */
  public Optional<Long> idOf(String projectKey, String externalId) {
    return jdbc.queryForList("SELECT id FROM mlpm_prediction WHERE project_key = ? AND external_id = ?", Long.class,
        projectKey, externalId).stream().findFirst();
  }

  private void check(int i, Logged p, Set<String> features, TaskType type, Set<String> ids) {
    String where = "Prediction " + i + (p.id() == null ? "" : " ('" + abbreviate(p.id()) + "')");
    if (p.id() == null || !ID.matcher(p.id()).matches()) {
      throw new BadRequestException(where + " needs an 'id': 1 to 128 letters, digits, '.', '_', ':' or '-', the"
          + " serving system's own id, which its feedback names it by.");
    }
    if (!ids.add(p.id())) {
      throw new BadRequestException(where + " appears twice in this batch.");
    }
    if (p.inputs() == null || p.inputs().isEmpty()) {
      throw new BadRequestException(where + " needs its 'inputs': the feature values it was asked with.");
    }
    for (Map.Entry<String, Object> e : p.inputs().entrySet()) {
      if (!features.contains(e.getKey())) {
        throw new BadRequestException(where + ": '" + abbreviate(e.getKey()) + "' is not a column the model was"
            + " given; its columns are " + abbreviate(String.join(", ", features.stream().sorted().toList())) + ".");
      }
      Object v = e.getValue();
      if (v instanceof Map || v instanceof List) {
        throw new BadRequestException(where + ": the value of '" + e.getKey() + "' is a number, a text or null.");
      }
      if (v != null && v.toString().length() > maxBytesPerValue) {
        throw new BadRequestException(where + ": the value of '" + e.getKey() + "' is longer than "
            + maxBytesPerValue + " characters (mlpm.serving.max-bytes-per-value).");
      }
    }
    Object out = p.output();
    if (out == null || out instanceof Map || out instanceof List || out.toString().isBlank()
        || out.toString().length() > FeedbackService.MAX_ACTUAL) {
      throw new BadRequestException(where + " needs its 'output': the predicted "
          + (type == TaskType.CLASSIFICATION ? "class" : "number") + ".");
    }
    if (type == TaskType.REGRESSION && !(out instanceof Number n && Double.isFinite(n.doubleValue()))) {
      throw new BadRequestException(where + ": 'output' is a finite number, the model predicts one.");
    }
    if (p.probabilities() != null) {
      if (type != TaskType.CLASSIFICATION || p.probabilities().size() > MAX_CLASSES) {
        throw new BadRequestException(where + ": 'probabilities' are for classification, at most " + MAX_CLASSES
            + " classes.");
      }
      double sum = 0;
      for (Map.Entry<String, Double> e : p.probabilities().entrySet()) {
        Double v = e.getValue();
        if (v == null || !(v >= 0 && v <= 1) || e.getKey().length() > FeedbackService.MAX_ACTUAL) {
          throw new BadRequestException(where + ": the probability of '" + abbreviate(e.getKey()) + "' is in 0..1.");
        }
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new BadRequestException(where + ": the probabilities sum to " + sum + ", not 1.");
      }
    }
  }

  private long insert(String projectKey, long modelId, Logged p, Timestamp now) {
    Prediction output = new Prediction(p.output(), p.probabilities());
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_prediction (project_key, model_version_id, input_json,"
          + " output_json, created_at, external_id) VALUES (?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setLong(2, modelId);
      ps.setString(3, json(p.inputs()));
      ps.setString(4, json(output));
      ps.setTimestamp(5, now);
      ps.setString(6, p.id());
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  /** Reads one item of the request body; the checks above say what is wrong with it. */
  @SuppressWarnings("unchecked")
  static Logged parse(int i, JsonNode item) {
    if (item == null || !item.isObject()) {
      throw new BadRequestException("Prediction " + i + " is not a JSON object {id, inputs, output, probabilities}.");
    }
    for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!Set.of("id", "inputs", "output", "probabilities").contains(field)) {
        throw new BadRequestException("Prediction " + i + " has '" + abbreviate(field) + "'; it takes id, inputs,"
            + " output and probabilities.");
      }
    }
    JsonNode id = item.get("id");
    JsonNode inputs = item.get("inputs");
    JsonNode output = item.get("output");
    JsonNode probabilities = item.get("probabilities");
    if (inputs != null && !inputs.isObject()) {
      throw new BadRequestException("Prediction " + i + ": 'inputs' is an object of feature values.");
    }
    if (probabilities != null && !probabilities.isNull() && !probabilities.isObject()) {
      throw new BadRequestException("Prediction " + i + ": 'probabilities' is an object of class to probability.");
    }
    Map<String, Double> p = null;
    if (probabilities != null && probabilities.isObject()) {
      p = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = probabilities.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        p.put(e.getKey(), e.getValue().isNumber() ? e.getValue().doubleValue() : null);
      }
    }
    Object out = output == null || output.isNull() ? null : output.isNumber() ? (Object) output.doubleValue()
        : output.isValueNode() ? output.asText() : JSON.convertValue(output, Object.class);
    return new Logged(id == null || !id.isValueNode() ? null : id.asText(),
        inputs == null ? null : JSON.convertValue(inputs, Map.class), out, p);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
