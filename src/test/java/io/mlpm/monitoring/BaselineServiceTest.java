package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlpm.data.DataCheckOutcome;
import io.mlpm.data.PreparationPlan;
import io.mlpm.data.RecordedSplit;
import io.mlpm.ml.TaskType;
import io.mlpm.registry.NewModelVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline of a model version comes from the training rows of its recorded split. */
class BaselineServiceTest {

  @TempDir
  Path datasets;

  @Test
  void baselineFromTheRecordedSplitIsStoredOnce() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/datasets/iris.csv")) {
      Files.copy(in, datasets.resolve("iris.csv"));
    }
    MonitoringDb db = new MonitoringDb(1000, datasets);
    DataCheckOutcome ingested = db.data.ingest("iris", "iris.csv");
    RecordedSplit split = db.data.prepare("iris", "iris.csv", ingested.datasetVersionId(),
        new PreparationPlan("species", TaskType.CLASSIFICATION, List.of(), 42, 0.2, 0.2));
    String schema = "{\"version\":1,\"taskType\":\"CLASSIFICATION\",\"targetColumn\":\"species\",\"columns\":["
        + "{\"name\":\"petal_length\",\"kind\":\"NUMERIC\",\"mean\":3.7,\"std\":1.7},"
        + "{\"name\":\"sepal_width\",\"kind\":\"NUMERIC\",\"mean\":3.0,\"std\":0.4}]}";
    long model = db.registry.addCandidate(new NewModelVersion("iris", 1, "test", "classification", "species",
        split.splitId(), split.datasetSha256(), 42, "{}", schema, "test", new byte[] {1}));

    assertThat(db.baselineRepository.find(model)).isEmpty();
    DriftBaseline created = db.baselines.createFor(model);

    assertThat(created.trainingRows()).isEqualTo(split.counts().train());
    assertThat(created.features()).extracting(FeatureBaseline::name).containsExactly("petal_length", "sepal_width");
    assertThat(created.features().get(0).edges()).hasSizeGreaterThan(5);
    assertThat(db.baselineRepository.find(model)).contains(created);
    assertThat(db.baselines.ensure(model)).isEqualTo(created);
    // Saving again replaces rather than failing on the primary key.
    db.baselineRepository.save(model, created);
    assertThat(db.baselineRepository.find(model)).contains(created);
  }
}
