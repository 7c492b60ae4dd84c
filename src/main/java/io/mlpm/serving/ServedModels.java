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

  public TrainedModel of(ModelVersion version) {
    return models.computeIfAbsent(version.id(),
        id -> TrainedModel.load(registry.artifact(id), version.featureSchemaJson()));
  }

  public TrainedModel of(long versionId) {
    TrainedModel cached = models.get(versionId);
    return cached != null ? cached : of(registry.get(versionId));
  }
}
