package io.mlpm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.charter.TaskType;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Ingests, checks and splits a project's dataset, recording each step so that the split can be
 * rebuilt later from the file, its fingerprint and the seed.
 */
@Service
public class DataPreparationService {

  private static final Logger LOG = LoggerFactory.getLogger(DataPreparationService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;
  private final DatasetRoot root;
  private final CsvDatasetReader reader = new CsvDatasetReader();
  private final DataQualityChecks checks = new DataQualityChecks();
  private final DatasetPreparation preparation = new DatasetPreparation();

  public DataPreparationService(JdbcTemplate jdbc, MlpmProperties properties) {
    this.jdbc = jdbc;
    this.root = new DatasetRoot(properties.datasets().root());
  }

  public DatasetRoot root() {
    return root;
  }

  /** Reads and fingerprints the file; a file that cannot be read becomes a FAIL finding, not an error. */
  public DataCheckOutcome ingest(String projectKey, String datasetUri) {
    LoadedDataset loaded;
    try {
      loaded = read(datasetUri);
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException e) {
      LOG.info("Project {}: dataset '{}' cannot be read: {}", projectKey, datasetUri, e.getMessage());
      Finding finding = new Finding("readable", null, Severity.FAIL,
          "The dataset '" + datasetUri + "' cannot be used: " + e.getMessage(), null, null);
      record(projectKey, null, datasetUri, Severity.FAIL, List.of(finding));
      return new DataCheckOutcome(Severity.FAIL, List.of(finding), null, null, finding.message());
    }
    DatasetFingerprint fp = loaded.fingerprint();
    long versionId = datasetVersion(fp, loaded.dataset().columns(), datasetUri);
    String summary = String.format("%s: %,d rows, %d columns, %,d bytes, SHA-256 %s", datasetUri, fp.rows(),
        fp.columns(), fp.sizeBytes(), fp.sha256());
    LOG.info("Project {}: ingested dataset version {} ({})", projectKey, versionId, summary);
    Finding ok = new Finding("readable", null, Severity.PASS, "The dataset was read: " + summary + ".", null, null);
    return new DataCheckOutcome(Severity.PASS, List.of(ok), versionId, fp.sha256(), summary);
  }

  /** Runs the data checks on the ingested version and records them. */
  public DataCheckOutcome check(String projectKey, String datasetUri, long versionId, String targetColumn,
      TaskType taskType, DataCheckPolicy policy) {
    String sha = versionSha(versionId);
    LoadedDataset loaded;
    try {
      loaded = read(datasetUri);
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException e) {
      return fail(projectKey, versionId, datasetUri, "The dataset '" + datasetUri + "' can no longer be read: "
          + e.getMessage());
    }
    if (!loaded.fingerprint().sha256().equals(sha)) {
      return fail(projectKey, versionId, datasetUri, "The file '" + datasetUri
          + "' changed after it was ingested; choose 'new dataset' to ingest it again.");
    }
    List<Finding> findings = checks.check(loaded.dataset(), targetColumn, taskType, policy);
    Severity verdict = DataQualityChecks.verdict(findings);
    record(projectKey, versionId, datasetUri, verdict, findings);
    long failed = findings.stream().filter(f -> f.severity() == Severity.FAIL).count();
    long warned = findings.stream().filter(f -> f.severity() == Severity.WARN).count();
    String summary = String.format("%s: %d failed, %d warnings, %,d rows checked", verdict, failed, warned,
        loaded.fingerprint().rows());
    LOG.info("Project {}: data checks of version {}: {}", projectKey, versionId, summary);
    return new DataCheckOutcome(verdict, findings, versionId, sha, summary);
  }

  /**
   * Prepares the dataset by the plan (duplicates removed, excluded columns left out, seeded
   * stratified train/validation/test split) and records the plan so it can be rebuilt.
   */
  public PreparedSplit prepare(String projectKey, String datasetUri, long versionId, PreparationPlan plan) {
    Dataset dataset = readVersion(datasetUri, versionId);
    PreparedData data = preparation.prepare(dataset, plan);
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_data_split (project_key, dataset_version_id, dataset_uri, seed,"
          + " test_ratio, train_rows, test_rows, dropped_rows, created_at, plan_json, validation_rows,"
          + " duplicates_removed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setLong(2, versionId);
      ps.setString(3, datasetUri);
      ps.setLong(4, plan.seed());
      ps.setDouble(5, plan.testRatio());
      ps.setInt(6, data.train().size());
      ps.setInt(7, data.test().size());
      ps.setInt(8, data.droppedMissingTarget());
      ps.setTimestamp(9, Timestamp.from(Instant.now()));
      ps.setString(10, json(plan));
      ps.setInt(11, data.validation().size());
      ps.setInt(12, data.duplicatesRemoved());
      return ps;
    }, key);
    long splitId = key.getKey().longValue();
    LOG.info("Project {}: prepared split {} with seed {}: {} training, {} validation, {} test rows; {} duplicates"
            + " removed, {} rows without target dropped, left out: {}", projectKey, splitId, plan.seed(),
        data.train().size(), data.validation().size(), data.test().size(), data.duplicatesRemoved(),
        data.droppedMissingTarget(), plan.excludedColumns());
    return new PreparedSplit(splitId, versionSha(versionId), data);
  }

  /** Rebuilds a recorded preparation; fails if the file no longer has the recorded fingerprint. */
  public PreparedSplit loadSplit(long splitId) {
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mlpm_data_split WHERE id = ?", splitId);
    long versionId = ((Number) row.get("dataset_version_id")).longValue();
    PreparationPlan plan;
    try {
      plan = JSON.readValue((String) row.get("plan_json"), PreparationPlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("split " + splitId + " has an unreadable plan", e);
    }
    Dataset dataset = readVersion((String) row.get("dataset_uri"), versionId);
    return new PreparedSplit(splitId, versionSha(versionId), preparation.prepare(dataset, plan));
  }

  private Dataset readVersion(String datasetUri, long versionId) {
    LoadedDataset loaded = read(datasetUri);
    String sha = versionSha(versionId);
    if (!loaded.fingerprint().sha256().equals(sha)) {
      throw new IllegalStateException("The file '" + datasetUri + "' no longer has the fingerprint " + sha
          + " it was approved with; the split cannot be rebuilt.");
    }
    return loaded.dataset();
  }

  private LoadedDataset read(String datasetUri) {
    Path file = root.resolve(datasetUri);
    return reader.read(file);
  }

  private DataCheckOutcome fail(String projectKey, long versionId, String uri, String message) {
    Finding f = new Finding("readable", null, Severity.FAIL, message, null, null);
    record(projectKey, versionId, uri, Severity.FAIL, List.of(f));
    return new DataCheckOutcome(Severity.FAIL, List.of(f), versionId, null, message);
  }

  private String versionSha(long versionId) {
    return jdbc.queryForObject("SELECT sha256 FROM mlpm_dataset_version WHERE id = ?", String.class, versionId);
  }

  private long datasetVersion(DatasetFingerprint fp, List<String> columns, String uri) {
    List<Long> existing = jdbc.queryForList("SELECT id FROM mlpm_dataset_version WHERE sha256 = ?", Long.class,
        fp.sha256());
    if (!existing.isEmpty()) {
      return existing.get(0);
    }
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_dataset_version (sha256, size_bytes, row_count, column_count,"
          + " columns_json, first_uri, created_at) VALUES (?,?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, fp.sha256());
      ps.setLong(2, fp.sizeBytes());
      ps.setLong(3, fp.rows());
      ps.setInt(4, fp.columns());
      ps.setString(5, json(columns));
      ps.setString(6, uri);
      ps.setTimestamp(7, Timestamp.from(Instant.now()));
      return ps;
    }, key);
    return key.getKey().longValue();
  }

  private void record(String projectKey, Long versionId, String uri, Severity verdict, List<Finding> findings) {
    jdbc.update("INSERT INTO mlpm_data_check (project_key, dataset_version_id, dataset_uri, verdict, findings_json,"
        + " created_at) VALUES (?,?,?,?,?,?)", projectKey, versionId, uri, verdict.name(), json(findings),
        Timestamp.from(Instant.now()));
  }

  /** The latest recorded checks of a project, for the project view. */
  public Map<String, Object> latestCheck(String projectKey) {
    return jdbc.queryForList("SELECT verdict, findings_json, dataset_uri, dataset_version_id, created_at"
        + " FROM mlpm_data_check WHERE project_key = ? ORDER BY id DESC", projectKey).stream().findFirst().orElse(null);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
