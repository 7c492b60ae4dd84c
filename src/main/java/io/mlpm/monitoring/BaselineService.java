package io.mlpm.monitoring;

import io.mlpm.data.DataPreparationService;
import io.mlpm.data.Part;
import io.mlpm.data.PreparedSplit;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.ModelVersion;
import io.mlpm.training.FeatureColumn;
import io.mlpm.training.FeatureSchema;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Records the training distribution of a model version when it goes to production. */
@Service
public class BaselineService {

  private static final Logger LOG = LoggerFactory.getLogger(BaselineService.class);
  private final ModelRegistry registry;
  private final DataPreparationService data;
  private final BaselineRepository baselines;

  public BaselineService(ModelRegistry registry, DataPreparationService data, BaselineRepository baselines) {
    this.registry = registry;
    this.data = data;
    this.baselines = baselines;
  }

  /**
   * Builds the baseline of a model version from the training rows of its split (rebuilt from the
   * dataset file) and its feature columns, and stores it, replacing an earlier one.
   */
  public DriftBaseline createFor(long modelVersionId) {
    ModelVersion version = registry.get(modelVersionId);
    PreparedSplit split = data.loadSplit(version.splitId(), EnumSet.of(Part.TRAIN));
    List<String> columns = FeatureSchema.fromJson(version.featureSchemaJson()).columns().stream()
        .map(FeatureColumn::name).toList();
    DriftBaseline baseline = DriftBaselines.fromTraining(split.data().train(), columns);
    baselines.save(modelVersionId, baseline);
    LOG.info("Project {}: drift baseline of model {} from {} training rows, {} features", version.projectKey(),
        modelVersionId, baseline.trainingRows(), baseline.features().size());
    return baseline;
  }

  /** The stored baseline, created first when there is none yet. */
  public DriftBaseline ensure(long modelVersionId) {
    return baselines.find(modelVersionId).orElseGet(() -> createFor(modelVersionId));
  }
}
