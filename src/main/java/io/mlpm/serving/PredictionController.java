package io.mlpm.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.web.BadRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/projects/{key}/predictions} with {@code {"rows":[{...}]}}. */
@RestController
public class PredictionController {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PredictionService service;

  public PredictionController(PredictionService service) {
    this.service = service;
  }

  @Requires(ProjectRight.SERVE)
  @PostMapping(path = "/api/projects/{key}/predictions", consumes = MediaType.APPLICATION_JSON_VALUE)
  public PredictionResponse predict(@PathVariable String key, @RequestBody JsonNode body) {
    JsonNode rows = body == null ? null : body.get("rows");
    if (rows == null || !rows.isArray()) {
      throw new BadRequestException("The body must be {\"rows\":[{...}]} with one object per row.");
    }
    List<Map<String, Object>> parsed = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      if (!row.isObject()) {
        throw new BadRequestException("Row " + i + " is not a JSON object of feature values.");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> values = JSON.convertValue(row, Map.class);
      parsed.add(values);
    }
    return service.predict(key, parsed);
  }
}
