package io.mlpm.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/projects/{key}/prediction-log} with {@code {"modelVersionId": 7, "predictions":
 * [{"id": "req-1", "inputs": {...}, "output": "setosa", "probabilities": {...}}]}}: the serving system
 * of a model trained outside sends what it predicted (a serving token of the project, or an ML engineer).
 */
@RestController
public class PredictionLogController {

  private final PredictionLog log;

  public PredictionLogController(PredictionLog log) {
    this.log = log;
  }

  @Requires(ProjectRight.SERVE)
  @PostMapping(path = "/api/projects/{key}/prediction-log", consumes = MediaType.APPLICATION_JSON_VALUE)
  public PredictionLog.Outcome log(@PathVariable String key, @RequestBody JsonNode body) {
    if (body == null || !body.isObject() || !body.path("predictions").isArray()) {
      throw new BadRequestException("The body must be {\"modelVersionId\": n, \"predictions\": [{\"id\", \"inputs\","
          + " \"output\", \"probabilities\"}, ...]}.");
    }
    JsonNode version = body.get("modelVersionId");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
      throw new BadRequestException("'modelVersionId' is the id of the model that made the predictions, as its"
          + " serving task gave it (serve.modelVersionId).");
    }
    JsonNode items = body.get("predictions");
    List<PredictionLog.Logged> predictions = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      predictions.add(PredictionLog.parse(i, items.get(i)));
    }
    return log.log(key, version.asLong(), predictions);
  }
}
