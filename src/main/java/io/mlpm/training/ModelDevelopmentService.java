package io.mlpm.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.charter.TaskType;
import io.mlpm.data.DataPreparationService;
import io.mlpm.data.PreparedSplit;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.registry.NewModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Trains a candidate on the recorded training split and stores it in the registry. */
@Service
public class ModelDevelopmentService {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDevelopmentService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataPreparationService data;
  private final ModelRegistry registry;
  private final ModelTrainer trainer = new ModelTrainer();

  public ModelDevelopmentService(DataPreparationService data, ModelRegistry registry) {
    this.data = data;
    this.registry = registry;
  }

  /** @return the id of the stored candidate model version */
  public long trainCandidate(String projectKey, long splitId, int iteration) {
    PreparedSplit prepared = data.loadSplit(splitId);
    String targetColumn = prepared.data().plan().targetColumn();
    TaskType taskType = prepared.data().plan().taskType();
    long started = System.nanoTime();
    LOG.info("Project {}: training iteration {} on {} rows", projectKey, iteration, prepared.data().train().size());
    TrainingResult result = trainer.train(prepared.data().train(), targetColumn, taskType, prepared.seed());
    long id = registry.addCandidate(new NewModelVersion(projectKey, iteration, result.algorithm(), taskType.code(),
        targetColumn, splitId, prepared.datasetSha256(), prepared.seed(), json(result.parameters()),
        result.featureSchemaJson(), result.provenance(), result.modelBytes()));
    LOG.info("Project {}: candidate {} ({}) trained in {} ms", projectKey, id, result.algorithm(),
        (System.nanoTime() - started) / 1_000_000);
    return id;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
