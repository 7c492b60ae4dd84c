package io.mlpm.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlpm.MlpmProperties;
import io.mlpm.data.profile.DatasetProfile;
import io.mlpm.data.profile.DatasetProfiler;
import io.mlpm.ml.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
  private final DatasetProfiler profiler = new DatasetProfiler();
  private final DatasetPreparation preparation = new DatasetPreparation();
  private final int maxColumns;

  public DataPreparationService(JdbcTemplate jdbc, MlpmProperties properties) {
    this.jdbc = jdbc;
    this.maxColumns = properties.datasets().maxColumns();
    this.root = new DatasetRoot(properties.datasets().root());
  }

  public DatasetRoot root() {
    return root;
  }

  /**
   * Reads the whole file once to check its format and count it, and fingerprints its bytes,
   * without holding its rows; a file that cannot be read becomes a FAIL finding, not an error.
   */
  public DataCheckOutcome ingest(String projectKey, String datasetUri) {
    return ingest(projectKey, datasetUri, null);
  }

  /** @param delimiter the declared CSV separator, or null to detect it */
  public DataCheckOutcome ingest(String projectKey, String datasetUri, Character delimiter) {
    DatasetFingerprint fp;
    List<String> columns = new ArrayList<>();
    try {
      Path file = root.resolve(datasetUri);
      long rows = reader(delimiter).forEachRow(file, new CsvDatasetReader.RowSink() {
        @Override
        public void header(List<String> header) {
          if (header.size() > maxColumns) {
            throw new DatasetFormatException(String.format("it has %,d columns, more than the %,d a dataset may"
                + " have (mlpm.datasets.max-columns); keep the columns the model needs in a narrower file",
                header.size(), maxColumns), 1);
          }
          columns.addAll(header);
        }

        @Override
        public void row(String[] cells) {
          // counted by forEachRow; the format checks happen while reading
        }
      });
      fp = new DatasetFingerprint(sha256(file), Files.size(file), rows, columns.size());
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException | IOException e) {
      String why = e instanceof IOException io ? "it cannot be read (" + io.getMessage() + ")" : e.getMessage();
      LOG.info("Project {}: dataset '{}' cannot be read: {}", projectKey, datasetUri, why);
      Finding finding = new Finding("readable", null, Severity.FAIL,
          "The dataset '" + datasetUri + "' cannot be used: " + why, null, null);
      record(projectKey, null, datasetUri, Severity.FAIL, List.of(finding));
      return new DataCheckOutcome(Severity.FAIL, List.of(finding), null, null, finding.message());
    }
    long versionId = datasetVersion(fp, columns, datasetUri);
    String summary = String.format("%s: %,d rows, %d columns, %,d bytes, SHA-256 %s", datasetUri, fp.rows(),
        fp.columns(), fp.sizeBytes(), fp.sha256());
    LOG.info("Project {}: ingested dataset version {} ({})", projectKey, versionId, summary);
    Finding ok = new Finding("readable", null, Severity.PASS, "The dataset was read: " + summary + ".", null, null);
    return new DataCheckOutcome(Severity.PASS, List.of(ok), versionId, fp.sha256(), summary);
  }

  /** The profile of the ingested version, or the reason it cannot be profiled (file gone or changed). */
  public record Profiled(DatasetProfile profile, String problem) {}

  /** Profiles the ingested version in one streaming pass, after checking it is still the same file. */
  public Profiled profile(String projectKey, String datasetUri, long versionId, String targetColumn,
      TaskType taskType) {
    return profile(projectKey, datasetUri, versionId, targetColumn, taskType, null);
  }

  public Profiled profile(String projectKey, String datasetUri, long versionId, String targetColumn,
      TaskType taskType, Character delimiter) {
    String sha = versionSha(versionId);
    try {
      Path file = root.resolve(datasetUri);
      if (!sha256(file).equals(sha)) {
        return new Profiled(null, "The file '" + datasetUri
            + "' changed after it was ingested; choose 'new dataset' to ingest it again.");
      }
      long started = System.nanoTime();
      DatasetProfile profile = (delimiter == null ? profiler : new DatasetProfiler(reader(delimiter)))
          .profile(file, targetColumn, taskType);
      LOG.info("Project {}: profiled dataset version {} ({} rows) in {} ms", projectKey, versionId, profile.rows(),
          (System.nanoTime() - started) / 1_000_000);
      Map<String, String> types = new java.util.LinkedHashMap<>();
      profile.columns().forEach(c -> types.put(c.name(), c.type().name().toLowerCase(java.util.Locale.ROOT)));
      jdbc.update("UPDATE mlpm_dataset_version SET columns_json = ? WHERE id = ?", json(types), versionId);
      return new Profiled(profile, null);
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException | IOException e) {
      return new Profiled(null, "The dataset '" + datasetUri + "' can no longer be read: " + e.getMessage());
    }
  }

  /** Records the profile with the policy's findings, for the process, the project view and the data report. */
  public DataCheckOutcome recordProfile(String projectKey, String datasetUri, long versionId, DatasetProfile profile,
      List<Finding> findings) {
    Severity verdict = findings.stream().map(Finding::severity).max(Comparator.naturalOrder()).orElse(Severity.PASS);
    String sha = versionSha(versionId);
    jdbc.update("INSERT INTO mlpm_dataset_profile (project_key, dataset_version_id, dataset_uri, sha256, profile_json,"
        + " verdict, findings_json, created_at) VALUES (?,?,?,?,?,?,?,?)", projectKey, versionId, datasetUri, sha,
        json(profile), verdict.name(), json(findings), Timestamp.from(Instant.now()));
    record(projectKey, versionId, datasetUri, verdict, findings);
    long failed = findings.stream().filter(f -> f.severity() == Severity.FAIL && !f.check().equals("summary")).count();
    long warned = findings.stream().filter(f -> f.severity() == Severity.WARN && !f.check().equals("summary")).count();
    String summary = String.format("%s: %d failed check(s), %d warning(s) on %,d rows", verdict, failed, warned,
        profile.rows());
    LOG.info("Project {}: data quality of version {}: {}", projectKey, versionId, summary);
    return new DataCheckOutcome(verdict, findings, versionId, sha, summary);
  }

  /** A recorded FAIL finding for a dataset that could not be profiled. */
  public DataCheckOutcome unusable(String projectKey, String datasetUri, Long versionId, String problem) {
    Finding f = new Finding("readable", null, Severity.FAIL, problem, null, null);
    record(projectKey, versionId, datasetUri, Severity.FAIL, List.of(f));
    return new DataCheckOutcome(Severity.FAIL, List.of(f), versionId, null, problem);
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Prepares the dataset by the plan (duplicates removed, excluded columns left out, seeded
   * stratified train/validation/test split) and records the plan so it can be rebuilt.
   */
  public PreparedSplit prepare(String projectKey, String datasetUri, long versionId, PreparationPlan plan) {
    Dataset dataset = readVersion(datasetUri, versionId, plan.csvDelimiter());
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
    synchronized (recentSplits) {
      PreparedSplit cached = recentSplits.get(splitId);
      if (cached != null) {
        return cached;
      }
    }
    PreparedSplit split = rebuildSplit(splitId);
    synchronized (recentSplits) {
      recentSplits.put(splitId, split);
    }
    return split;
  }

  /**
   * The last few rebuilt splits: an iteration's candidates and its evaluation read the same split,
   * and rebuilding it means reading and checking the whole file each time. Only a cache: a split
   * is immutable once recorded, and it was checked against its fingerprint when rebuilt.
   */
  private final Map<Long, PreparedSplit> recentSplits = new java.util.LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, PreparedSplit> eldest) {
      return size() > 2;
    }
  };

  private PreparedSplit rebuildSplit(long splitId) {
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mlpm_data_split WHERE id = ?", splitId);
    long versionId = ((Number) row.get("dataset_version_id")).longValue();
    PreparationPlan plan;
    try {
      plan = JSON.readValue((String) row.get("plan_json"), PreparationPlan.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("split " + splitId + " has an unreadable plan", e);
    }
    Dataset dataset = readVersion((String) row.get("dataset_uri"), versionId, plan.csvDelimiter());
    return new PreparedSplit(splitId, versionSha(versionId), preparation.prepare(dataset, plan));
  }

  private Dataset readVersion(String datasetUri, long versionId, Character delimiter) {
    LoadedDataset loaded = reader(delimiter).read(root.resolve(datasetUri));
    String sha = versionSha(versionId);
    if (!loaded.fingerprint().sha256().equals(sha)) {
      throw new IllegalStateException("The file '" + datasetUri + "' no longer has the fingerprint " + sha
          + " it was approved with; the split cannot be rebuilt.");
    }
    return loaded.dataset();
  }

  private CsvDatasetReader reader(Character delimiter) {
    return delimiter == null ? reader : new CsvDatasetReader(delimiter);
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

  /** The latest dataset profile of a project as JSON, or null before the data was profiled. */
  public String latestProfileJson(String projectKey) {
    return jdbc.queryForList("SELECT profile_json FROM mlpm_dataset_profile WHERE project_key = ? ORDER BY id DESC",
        String.class, projectKey).stream().findFirst().orElse(null);
  }

  /**
   * The messages of the latest recorded check's findings that no waiver may pass (see
   * {@link QualityFindings#waivable}), joined; empty when there are none or no check.
   */
  public String latestUnwaivable(String projectKey) {
    Map<String, Object> check = latestCheck(projectKey);
    if (check == null || check.get("findings_json") == null) {
      return "";
    }
    try {
      List<Finding> findings = JSON.readValue((String) check.get("findings_json"),
          JSON.getTypeFactory().constructCollectionType(List.class, Finding.class));
      return findings.stream().filter(f -> !QualityFindings.waivable(f)).map(Finding::message)
          .collect(java.util.stream.Collectors.joining(" "));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The findings of project '" + projectKey + "' are not readable JSON.", e);
    }
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
