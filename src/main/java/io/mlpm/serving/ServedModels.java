package io.mlpm.serving;

import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.TrainedModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Deserialized models by version id; a cache only, the registry stays the source. */
@Component
public class ServedModels {

  private final Map<Long, TrainedModel> models = new ConcurrentHashMap<>();
  private final ModelRegistry registry;

  public ServedModels(ModelRegistry registry) {
    this.registry = registry;
  }

  /**
   * @throws io.mlpm.web.ConflictException for a model trained outside: its artifact is opaque here and
   *     it serves where its trainer deploys it
   */
  public TrainedModel of(ModelVersion version) {
    if (version.external()) {
      throw new io.mlpm.web.ConflictException("Model v" + version.version() + " of project " + version.projectKey()
          + " was trained outside (" + version.algorithm() + ", artifact " + version.artifactFormat()
          + "): its artifact is never loaded here, so it does not serve from this API.");
    }
    return models.computeIfAbsent(version.id(),
        id -> TrainedModel.load(registry.artifact(id), version.featureSchemaJson()));
  }

  public TrainedModel of(long versionId) {
    TrainedModel cached = models.get(versionId);
    return cached != null ? cached : of(registry.get(versionId));
  }
}
