package io.mlpm.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.project.Project;
import io.mlpm.project.ProjectRepository;
import io.mlpm.project.ProjectStatus;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.Prediction;
import io.mlpm.training.TrainedModel;
import io.mlpm.web.BadRequestException;
import io.mlpm.web.GoneException;
import io.mlpm.web.NotFoundException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Answers predictions from a project's production model and logs each one. */
@Service
public class PredictionService {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ServedModels models;
  private final ProjectRepository projects;
  private final ModelRegistry registry;
  private final JdbcTemplate jdbc;
  private final int maxRows;
  private final MeterRegistry meters;

  public PredictionService(ProjectRepository projects, ModelRegistry registry, JdbcTemplate jdbc,
      MlpmProperties properties, MeterRegistry meters, ServedModels models) {
    this.models = models;
    this.projects = projects;
    this.registry = registry;
    this.jdbc = jdbc;
    this.maxRows = properties.serving().maxBatchRows();
    this.meters = meters;
  }

  @Transactional
  public PredictionResponse predict(String projectKey, List<Map<String, Object>> rows) {
    long started = System.nanoTime();
    PredictionResponse response = answer(projectKey, rows);
    // Tagged by project only after the project is known, so unknown keys cannot grow the tag set.
    Timer.builder("mlpm.prediction.latency").description("Time to answer one prediction request")
        .tag("project", projectKey).publishPercentileHistogram().register(meters)
        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    meters.counter("mlpm.predictions", "project", projectKey).increment(rows.size());
    return response;
  }

  private PredictionResponse answer(String projectKey, List<Map<String, Object>> rows) {
    Project project = projects.require(projectKey);
    if (project.status() != ProjectStatus.ACTIVE) {
      throw new GoneException("Project '" + projectKey + "' has ended (" + project.status().name().toLowerCase()
          + ") and serves no predictions.");
    }
    if (rows.isEmpty()) {
      throw new BadRequestException("'rows' is empty; send at least one row.");
    }
    if (rows.size() > maxRows) {
      throw new BadRequestException("'rows' has " + rows.size() + " rows; at most " + maxRows + " per request.");
    }
    ModelVersion production = registry.production(projectKey).orElseThrow(() -> new NotFoundException(
        "Project '" + projectKey + "' has no production model yet (phase: " + project.phase() + ")."));
    TrainedModel model = models.of(production);
    List<Prediction> predictions = model.predict(rows);
    List<PredictionResponse.Item> items = new ArrayList<>(rows.size());
    Timestamp now = Timestamp.from(Instant.now());
    for (int i = 0; i < rows.size(); i++) {
      Prediction p = predictions.get(i);
      long id = log(projectKey, production.id(), rows.get(i), p, now);
      items.add(new PredictionResponse.Item(id, p.value(), p.probabilities()));
    }
    return new PredictionResponse(production.version(), items);
  }

  private long log(String projectKey, long modelId, Map<String, Object> row, Prediction p, Timestamp now) {
    var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_prediction (project_key, model_version_id, input_json,"
          + " output_json, created_at) VALUES (?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setLong(2, modelId);
      ps.setString(3, json(row));
      ps.setString(4, json(p));
      ps.setTimestamp(5, now);
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
