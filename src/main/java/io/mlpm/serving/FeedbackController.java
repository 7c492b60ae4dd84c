package io.mlpm.serving;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlpm.project.ProjectRight;
import io.mlpm.project.Requires;
import io.mlpm.security.CurrentUser;
import io.mlpm.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/projects/{key}/feedback} with {@code {"predictionId": 1, "actual": "setosa"}} or
 * {@code {"feedback": [{"predictionId": 1, "actual": "setosa"}, ...]}}.
 */
@RestController
public class FeedbackController {

  private static final int MAX_ITEMS = 10_000;
  private final FeedbackService feedback;
  private final PredictionLog log;

  public FeedbackController(FeedbackService feedback, PredictionLog log) {
    this.feedback = feedback;
    this.log = log;
  }

  @Requires(ProjectRight.SERVE)
  @PostMapping(path = "/api/projects/{key}/feedback", consumes = MediaType.APPLICATION_JSON_VALUE)
  public Map<String, Object> record(@PathVariable String key, @RequestBody JsonNode body, HttpServletRequest request) {
    if (body == null || !body.isObject()) {
      throw new BadRequestException("The body must be {\"predictionId\": n, \"actual\": value} or {\"feedback\": [...]}.");
    }
    List<JsonNode> items = new ArrayList<>();
    if (body.has("feedback")) {
      if (!body.get("feedback").isArray() || body.get("feedback").isEmpty()) {
        throw new BadRequestException("'feedback' must be a non-empty list of {predictionId, actual}.");
      }
      body.get("feedback").forEach(items::add);
    } else {
      items.add(body);
    }
    if (items.size() > MAX_ITEMS) {
      throw new BadRequestException("At most " + MAX_ITEMS + " feedback items per request.");
    }
    List<FeedbackService.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      JsonNode id = item.get("predictionId");
      JsonNode actual = item.get("actual");
      JsonNode externalId = item.get("externalId");
      if (id == null && externalId != null && externalId.isValueNode()) {
        // A prediction made outside, named by its serving system's id (POST .../prediction-log).
        int index = i;
        long found = log.idOf(key, externalId.asText()).orElseThrow(() -> new BadRequestException("Feedback item "
            + index + ": no prediction of project '" + key + "' was logged with the id '" + externalId.asText() + "'."));
        id = com.fasterxml.jackson.databind.node.LongNode.valueOf(found);
      }
      if (id == null || !id.canConvertToLong()) {
        throw new BadRequestException("Feedback item " + i + " needs a numeric 'predictionId' (or the 'externalId'"
            + " its serving system logged it with).");
      }
      if (actual == null || actual.isNull() || actual.isContainerNode() || actual.asText().isBlank()) {
        throw new BadRequestException("Feedback item " + i + " needs the 'actual' outcome (a label or a number).");
      }
      outcomes.add(new FeedbackService.Outcome(id.asLong(), actual.asText()));
    }
    int n = feedback.record(key, outcomes, CurrentUser.of(request));
    return Map.of("recorded", n);
  }
}
