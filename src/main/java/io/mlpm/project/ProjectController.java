package io.mlpm.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.data.DataPreparationService;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.registry.ServingRecords;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/projects/{key}} and {@code /models}: where a project stands and what it produced. */
@RestController
public class ProjectController {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProjectRepository projects;
  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final OpenTasks openTasks;
  private final ServingRecords servingRecords;

  public ProjectController(ProjectRepository projects, DataPreparationService data, ModelRegistry registry,
      OpenTasks openTasks, ServingRecords servingRecords) {
    this.servingRecords = servingRecords;
    this.projects = projects;
    this.data = data;
    this.registry = registry;
    this.openTasks = openTasks;
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}")
  public Map<String, Object> project(@PathVariable String key) {
    Project p = find(key);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("key", p.key());
    view.put("name", p.name());
    view.put("status", p.status());
    view.put("phase", p.phase());
    view.put("charter", tree(p.charterJson()));
    view.put("startedBy", p.startedBy());
    view.put("createdAt", p.createdAt());
    view.put("updatedAt", p.updatedAt());
    view.put("openTasks", openTasks.of(key));
    Map<String, Object> check = data.latestCheck(key);
    if (check != null) {
      Map<String, Object> quality = new LinkedHashMap<>();
      quality.put("verdict", check.get("verdict"));
      quality.put("datasetUri", check.get("dataset_uri"));
      quality.put("datasetVersionId", check.get("dataset_version_id"));
      quality.put("datasetSha256", check.get("dataset_sha256"));
      quality.put("findings", tree((String) check.get("findings_json")));
      quality.put("report", "/api/projects/" + key + "/data-report");
      quality.put("profile", tree(data.latestProfileJson(key)));
      view.put("dataQuality", quality);
    }
    registry.list(key).stream().filter(m -> m.metricsJson() != null)
        .max(java.util.Comparator.comparingLong(ModelVersion::id)).ifPresent(m -> {
      view.put("metrics", tree(m.metricsJson()));
      view.put("criteria", tree(m.criteriaJson()));
      view.put("criteriaMet", m.criteriaMet());
      view.put("latestModelId", m.id());
      view.put("latestAlgorithm", m.algorithm());
      view.put("modelCard", ModelVersion.cardPath(key, m.id()));
    });
    Optional<ModelVersion> production = registry.production(key);
    view.put("modelVersion", production.map(ModelVersion::version).orElse(null));
    // Where it serves: this API, or where the serving worker of a model trained outside reported it.
    view.put("servedAt", production.map(m -> m.external() ? servingRecords.endpointOf(key, m.id()).orElse(null)
        : "/api/projects/" + key + "/predictions").orElse(null));
    view.put("servedBy", production.map(m -> m.external() ? "serving worker (model trained outside)"
        : "this application").orElse(null));
    return view;
  }

  @Requires(ProjectRight.READ)
  @GetMapping("/api/projects/{key}/models")
  public Map<String, Object> models(@PathVariable String key) {
    find(key);
    List<Map<String, Object>> versions = registry.list(key).stream().map(this::model).toList();
    return Map.of("project", key, "models", versions);
  }

  private Map<String, Object> model(ModelVersion m) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", m.id());
    v.put("version", m.version());
    v.put("stage", m.stage());
    v.put("algorithm", m.algorithm());
    v.put("iteration", m.iteration());
    v.put("selected", m.selected());
    v.put("selectionReason", m.selectionReason());
    v.put("validationMetrics", tree(m.validationMetricsJson()));
    v.put("trials", tree(m.trialsJson()));
    v.put("metrics", tree(m.metricsJson()));
    v.put("criteria", tree(m.criteriaJson()));
    v.put("criteriaMet", m.criteriaMet());
    v.put("championComparison", tree(m.championJson()));
    v.put("approvedBy", m.approvedBy());
    v.put("modelCard", ModelVersion.cardPath(m.projectKey(), m.id()));
    v.put("createdAt", m.createdAt());
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("datasetSha256", m.datasetSha256());
    provenance.put("splitId", m.splitId());
    provenance.put("seed", m.seed());
    // How much of the split the model saw: large parts are seeded samples (mlpm.datasets.max-*-rows).
    provenance.put("trainingRows", m.trainingRows());
    provenance.put("refitRows", m.refitRows());
    provenance.put("evaluationRows", m.evaluationRows());
    provenance.put("parameters", tree(m.parametersJson()));
    provenance.put("targetColumn", m.targetColumn());
    provenance.put("taskType", m.taskType());
    provenance.put("tribuo", m.provenance());
    v.put("provenance", provenance);
    v.put("transitions", registry.transitions(m.id()));
    return v;
  }

  private Project find(String key) {
    return projects.require(key);
  }

  private static JsonNode tree(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
