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
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  private final int distinctRowLimit;
  private final Map<Part, Integer> maxRows;

  public DataPreparationService(JdbcTemplate jdbc, MlpmProperties properties) {
    this.jdbc = jdbc;
    this.maxColumns = properties.datasets().maxColumns();
    this.distinctRowLimit = properties.datasets().distinctRows();
    this.cachedRows = (long) properties.datasets().maxTrainingRows() + properties.datasets().maxValidationRows();
    this.maxRows = Map.of(Part.TRAIN, properties.datasets().maxTrainingRows(), Part.VALIDATION,
        properties.datasets().maxValidationRows(), Part.TEST, properties.datasets().maxEvaluationRows());
    this.root = new DatasetRoot(properties.datasets().root());
  }

  public DatasetRoot root() {
    return root;
  }

  /**
   * Reads the whole file once, for its format checks, counts, profile and SHA-256 together, without
   * holding its rows; a file that cannot be read becomes a FAIL finding, not an error. The profile
   * is kept with the ingest, so the quality check that follows does not read the file again.
   */
  public DataCheckOutcome ingest(String projectKey, String datasetUri) {
    return ingest(projectKey, datasetUri, null, null, null);
  }

  /**
   * @param delimiter the declared CSV separator, or null to detect it
   * @param targetColumn the charter's target, profiled as such (null: none)
   * @param taskType the charter's task type (null: inferred)
   */
  public DataCheckOutcome ingest(String projectKey, String datasetUri, Character delimiter, String targetColumn,
      TaskType taskType) {
    DatasetProfiler.Fingerprinted read;
    long started = System.nanoTime();
    try {
      Path file = root.resolve(datasetUri);
      read = profiler(delimiter).profileAndFingerprint(file, targetColumn, taskType, maxColumns);
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException e) {
      LOG.info("Project {}: dataset '{}' cannot be read: {}", projectKey, datasetUri, e.getMessage());
      Finding finding = new Finding("readable", null, Severity.FAIL,
          "The dataset '" + datasetUri + "' cannot be used: " + e.getMessage(), null, null);
      record(projectKey, null, datasetUri, Severity.FAIL, List.of(finding));
      return new DataCheckOutcome(Severity.FAIL, List.of(finding), null, null, finding.message());
    }
    DatasetFingerprint fp = read.fingerprint();
    DatasetProfile profile = read.profile();
    long versionId = datasetVersion(fp, profile.columns().stream().map(c -> c.name()).toList(), datasetUri);
    recordColumnTypes(versionId, profile);
    jdbc.update("INSERT INTO mlpm_ingest_profile (project_key, dataset_version_id, target_column, task_type,"
        + " csv_delimiter, profile_json, created_at) VALUES (?,?,?,?,?,?,?)", projectKey, versionId, targetColumn,
        taskType == null ? null : taskType.name(), delimiter == null ? null : delimiter.toString(), json(profile),
        Timestamp.from(Instant.now()));
    String summary = String.format("%s: %,d rows, %d columns, %,d bytes, SHA-256 %s", datasetUri, fp.rows(),
        fp.columns(), fp.sizeBytes(), fp.sha256());
    LOG.info("Project {}: ingested and profiled dataset version {} in {} ms ({})", projectKey, versionId,
        (System.nanoTime() - started) / 1_000_000, summary);
    Finding ok = new Finding("readable", null, Severity.PASS, "The dataset was read: " + summary + ".", null, null);
    return new DataCheckOutcome(Severity.PASS, List.of(ok), versionId, fp.sha256(), summary);
  }

  /** The profile of the ingested version, or the reason it cannot be profiled (file gone or changed). */
  public record Profiled(DatasetProfile profile, String problem) {}

  /** The profile of the ingested version; see {@link #profile(String, String, long, String, TaskType, Character)}. */
  public Profiled profile(String projectKey, String datasetUri, long versionId, String targetColumn,
      TaskType taskType) {
    return profile(projectKey, datasetUri, versionId, targetColumn, taskType, null);
  }

  /**
   * The profile the ingest of this version made for this target, task type and separator, without
   * reading the file again; for an ingest that kept none (made before ingests profiled, or for other
   * settings) one streaming pass profiles the file and refuses it unless its bytes are the version's.
   */
  public Profiled profile(String projectKey, String datasetUri, long versionId, String targetColumn,
      TaskType taskType, Character delimiter) {
    DatasetProfile kept = ingestedProfile(projectKey, versionId, targetColumn, taskType, delimiter);
    if (kept != null) {
      return new Profiled(kept, null);
    }
    String sha = versionSha(versionId);
    try {
      Path file = root.resolve(datasetUri);
      long started = System.nanoTime();
      DatasetProfiler.Fingerprinted read = profiler(delimiter).profileAndFingerprint(file, targetColumn, taskType,
          maxColumns);
      if (!read.fingerprint().sha256().equals(sha)) {
        return new Profiled(null, "The file '" + datasetUri
            + "' changed after it was ingested; choose 'new dataset' to ingest it again.");
      }
      LOG.info("Project {}: profiled dataset version {} ({} rows) in {} ms", projectKey, versionId,
          read.profile().rows(), (System.nanoTime() - started) / 1_000_000);
      recordColumnTypes(versionId, read.profile());
      return new Profiled(read.profile(), null);
    } catch (InvalidDatasetPathException | DatasetFormatException | UncheckedIOException e) {
      return new Profiled(null, "The dataset '" + datasetUri + "' can no longer be read: " + e.getMessage());
    }
  }

  private DatasetProfile ingestedProfile(String projectKey, long versionId, String targetColumn, TaskType taskType,
      Character delimiter) {
    List<Map<String, Object>> rows = jdbc.queryForList("SELECT target_column, task_type, csv_delimiter, profile_json"
        + " FROM mlpm_ingest_profile WHERE project_key = ? AND dataset_version_id = ? ORDER BY id DESC"
        + " FETCH FIRST 1 ROWS ONLY", projectKey, versionId);
    if (rows.isEmpty()) {
      return null;
    }
    Map<String, Object> row = rows.get(0);
    boolean same = java.util.Objects.equals(row.get("target_column"), targetColumn)
        && java.util.Objects.equals(row.get("task_type"), taskType == null ? null : taskType.name())
        && java.util.Objects.equals(row.get("csv_delimiter"), delimiter == null ? null : delimiter.toString());
    return same ? read((String) row.get("profile_json"), DatasetProfile.class, "the ingested profile") : null;
  }

  private void recordColumnTypes(long versionId, DatasetProfile profile) {
    Map<String, String> types = new java.util.LinkedHashMap<>();
    profile.columns().forEach(c -> types.put(c.name(), c.type().name().toLowerCase(java.util.Locale.ROOT)));
    jdbc.update("UPDATE mlpm_dataset_version SET columns_json = ? WHERE id = ?", json(types), versionId);
  }

  private DatasetProfiler profiler(Character delimiter) {
    return delimiter == null ? profiler : new DatasetProfiler(reader(delimiter));
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

  /**
   * A recorded FAIL finding, which no waiver passes, for an approved file whose bytes changed while
   * the model was developed: the steward has it checked again ('new dataset') or aborts.
   */
  public DataCheckOutcome changedAfterApproval(String projectKey, String datasetUri, String why) {
    Finding f = new Finding("changed", null, Severity.FAIL, why + " Model development stopped. Choose 'new dataset'"
        + " (this path or another) to check the file again, or abort.", null, null);
    record(projectKey, null, datasetUri, Severity.FAIL, List.of(f));
    return new DataCheckOutcome(Severity.FAIL, List.of(f), null, null, f.message());
  }

  /** A recorded FAIL finding for a dataset that could not be profiled. */
  public DataCheckOutcome unusable(String projectKey, String datasetUri, Long versionId, String problem) {
    return failed(projectKey, datasetUri, versionId, "readable", problem);
  }

  /**
   * A recorded FAIL finding, which no waiver passes, for a data step that failed on every attempt
   * or cannot fit the node's memory: nothing was checked, so the steward tries again ('new
   * dataset', the same path or another) or aborts.
   */
  public DataCheckOutcome stepFailed(String projectKey, String datasetUri, Long versionId, String reason) {
    return failed(projectKey, datasetUri, versionId, QualityFindings.STEP_FAILED, reason
        + " Choose 'new dataset' (this path or another) to try again, or abort.");
  }

  private DataCheckOutcome failed(String projectKey, String datasetUri, Long versionId, String check, String problem) {
    Finding f = new Finding(check, null, Severity.FAIL, problem, null, null);
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
   * Prepares the dataset by the plan in one streaming pass (rows without a target dropped, excluded
   * columns left out, duplicates removed, a seeded stratified train/validation/test assignment,
   * see {@link StreamingSplit}) and records the plan and its cuts so that any node can rebuild it.
   * The pass hashes what it reads: a file that is no longer the recorded version is refused.
   *
   * @throws DatasetChangedException when the file's bytes are not those of the version
   */
  public RecordedSplit prepare(String projectKey, String datasetUri, long versionId, PreparationPlan plan) {
    return prepare(projectKey, datasetUri, versionId, plan, false);
  }

  /**
   * @param keepDuplicates keep repeated rows (a steward waived them as real observations): no
   *     duplicate check; identical rows still share their part
   */
  public RecordedSplit prepare(String projectKey, String datasetUri, long versionId, PreparationPlan plan,
      boolean keepDuplicates) {
    Path file = root.resolve(datasetUri);
    String sha = versionSha(versionId);
    long started = System.nanoTime();
    StreamingSplit.Planned planned = StreamingSplit.plan(reader(plan.csvDelimiter()), file, plan,
        keepDuplicates ? StreamingSplit.KEEP_DUPLICATES : distinctRowLimit);
    if (!planned.fingerprint().sha256().equals(sha)) {
      throw new DatasetChangedException(datasetUri, sha, planned.fingerprint().sha256());
    }
    SplitCounts counts = planned.counts();
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(con -> {
      var ps = con.prepareStatement("INSERT INTO mlpm_data_split (project_key, dataset_version_id, dataset_uri, seed,"
          + " test_ratio, train_rows, test_rows, dropped_rows, created_at, plan_json, validation_rows,"
          + " duplicates_removed, cuts_json, unchecked_rows) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
      ps.setString(1, projectKey);
      ps.setLong(2, versionId);
      ps.setString(3, datasetUri);
      ps.setLong(4, plan.seed());
      ps.setDouble(5, plan.testRatio());
      ps.setLong(6, counts.train());
      ps.setLong(7, counts.test());
      ps.setLong(8, counts.droppedMissingTarget());
      ps.setTimestamp(9, Timestamp.from(Instant.now()));
      ps.setString(10, json(plan));
      ps.setLong(11, counts.validation());
      ps.setLong(12, counts.duplicatesRemoved());
      ps.setString(13, json(planned.cuts()));
      ps.setLong(14, counts.uncheckedRows());
      return ps;
    }, key);
    long splitId = key.getKey().longValue();
    LOG.info("Project {}: prepared split {} with seed {} in {} ms: {} training, {} validation, {} test rows; {}"
            + " duplicates removed ({} rows beyond the exact check of {} distinct rows kept unchecked), {} rows"
            + " without target dropped, left out: {}", projectKey, splitId, plan.seed(),
        (System.nanoTime() - started) / 1_000_000, counts.train(), counts.validation(), counts.test(),
        counts.duplicatesRemoved(), counts.uncheckedRows(), keepDuplicates ? 0 : distinctRowLimit,
        counts.droppedMissingTarget(), plan.excludedColumns());
    return new RecordedSplit(splitId, sha, plan, planned.cuts(), counts);
  }

  /**
   * Whether the project's latest recorded check is of this version and failed {@code check}: what a
   * waiver before preparation passed.
   */
  public boolean latestFailed(String projectKey, long versionId, String check) {
    Map<String, Object> latest = latestCheck(projectKey);
    if (latest == null || latest.get("dataset_version_id") == null
        || ((Number) latest.get("dataset_version_id")).longValue() != versionId) {
      return false;
    }
    return findings(projectKey, latest).stream()
        .anyMatch(f -> f.check().equals(check) && f.severity() == Severity.FAIL);
  }


  /** How many distinct rows the duplicate check of a split holds exactly. */
  public int distinctRowLimit() {
    return distinctRowLimit;
  }

  /** Rebuilds all parts of a recorded split; see {@link #loadSplit(long, Set)}. */
  public PreparedSplit loadSplit(long splitId) {
    return loadSplit(splitId, EnumSet.allOf(Part.class));
  }

  /**
   * Rebuilds the wanted parts of a recorded split from the file by streaming it once (the other
   * parts come back empty); a part with more rows than a step may hold ({@code
   * mlpm.datasets.max-training-rows}, {@code max-validation-rows}, {@code max-evaluation-rows})
   * comes back as a seeded sample of about that many rows (see {@link PreparedSplit#rowsOf} for
   * the full count). Fails if the bytes read are not the recorded version.
   *
   * @throws DatasetChangedException when the file changed since the split was made
   */
  public PreparedSplit loadSplit(long splitId, Set<Part> parts) {
    Set<Part> wanted = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
    SplitKey cacheKey = new SplitKey(splitId, wanted);
    synchronized (recentSplits) {
      PreparedSplit cached = recentSplits.get(cacheKey);
      if (cached != null) {
        return cached;
      }
      // The drift baseline's training rows are the training step's: the same sample of the same part.
      for (Map.Entry<SplitKey, PreparedSplit> e : recentSplits.entrySet()) {
        if (e.getKey().splitId() == splitId && e.getKey().parts().containsAll(wanted)) {
          return only(e.getValue(), wanted);
        }
      }
    }
    PreparedSplit split = rebuildSplit(splitId, wanted);
    PreparedData d = split.data();
    if ((long) d.train().size() + d.validation().size() + d.test().size() <= cachedRows) {
      synchronized (recentSplits) {
        recentSplits.put(cacheKey, split);
      }
    }
    return split;
  }

  /**
   * Rebuilt splits up to this many rows are kept for the next step (an iteration's candidates each
   * train on the same rows): what one training step holds anyway, its row budgets.
   */
  private final long cachedRows;

  private record SplitKey(long splitId, Set<Part> parts) {}

  /** The rebuilt split with only the wanted parts' rows (the others empty). */
  private static PreparedSplit only(PreparedSplit split, Set<Part> wanted) {
    PreparedData d = split.data();
    java.util.function.Function<Part, Dataset> part = p -> wanted.contains(p) ? d.of(p)
        : new Dataset(d.of(p).columns(), List.of());
    return new PreparedSplit(split.splitId(), split.datasetSha256(), new PreparedData(d.plan(), part.apply(Part.TRAIN),
        part.apply(Part.VALIDATION), part.apply(Part.TEST), d.droppedMissingTarget(), d.duplicatesRemoved()),
        split.counts());
  }

  /**
   * The last rebuilt split within the row budgets: an iteration's candidates read the same rows,
   * and rebuilding them means reading and checking the whole file each time. Only a cache: a split
   * is immutable once recorded, and it was checked against its fingerprint when rebuilt. One entry,
   * so that the rows kept between steps stay within one step's budget.
   */
  private final Map<SplitKey, PreparedSplit> recentSplits = new java.util.LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<SplitKey, PreparedSplit> eldest) {
      return size() > 1;
    }
  };

  private PreparedSplit rebuildSplit(long splitId, Set<Part> wanted) {
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mlpm_data_split WHERE id = ?", splitId);
    long versionId = ((Number) row.get("dataset_version_id")).longValue();
    PreparationPlan plan = read((String) row.get("plan_json"), PreparationPlan.class, "split " + splitId + "'s plan");
    String uri = (String) row.get("dataset_uri");
    String sha = versionSha(versionId);
    Path file = root.resolve(uri);
    if (row.get("cuts_json") == null) {
      // Recorded before splits streamed: rebuilt as it was made, in memory.
      LoadedDataset loaded = reader(plan.csvDelimiter()).read(file);
      if (!loaded.fingerprint().sha256().equals(sha)) {
        throw new DatasetChangedException(uri, sha, loaded.fingerprint().sha256());
      }
      PreparedData all = preparation.prepare(loaded.dataset(), plan);
      return new PreparedSplit(splitId, sha, all, new SplitCounts(all.train().size(), all.validation().size(),
          all.test().size(), all.duplicatesRemoved(), all.droppedMissingTarget(), 0));
    }
    SplitCuts cuts = read((String) row.get("cuts_json"), SplitCuts.class, "split " + splitId + "'s cuts");
    Map<Part, List<String[]>> rows = new java.util.EnumMap<>(Part.class);
    for (Part p : Part.values()) {
      rows.put(p, new ArrayList<>());
    }
    SplitCounts recorded = recordedCounts(row);
    Map<Part, Double> shares = new java.util.EnumMap<>(Part.class);
    for (Part p : wanted) {
      Double share = sampleShare(p, recorded.of(p));
      if (share != null) {
        shares.put(p, share);
      }
    }
    long started = System.nanoTime();
    StreamingSplit.Replayed replayed = StreamingSplit.replay(reader(plan.csvDelimiter()), file, plan, cuts, wanted,
        shares, (part, cells) -> {
          List<String[]> held = rows.get(part);
          if (held.size() < maxRows.get(part)) { // "at most", also in the rare sample that runs over
            held.add(cells);
          }
        });
    if (!replayed.fingerprint().sha256().equals(sha)) {
      throw new DatasetChangedException(uri, sha, replayed.fingerprint().sha256());
    }
    LOG.info("Rebuilt {} of split {} from '{}' in {} ms: {} training, {} validation, {} test rows held{}", wanted,
        splitId, uri, (System.nanoTime() - started) / 1_000_000, rows.get(Part.TRAIN).size(),
        rows.get(Part.VALIDATION).size(), rows.get(Part.TEST).size(), shares.isEmpty() ? ""
            : " (seeded samples of " + shares.keySet() + ": more rows than a step holds)");
    List<String> columns = replayed.columns();
    return new PreparedSplit(splitId, sha, new PreparedData(plan, new Dataset(columns, rows.get(Part.TRAIN)),
        new Dataset(columns, rows.get(Part.VALIDATION)), new Dataset(columns, rows.get(Part.TEST)),
        (int) recorded.droppedMissingTarget(), (int) recorded.duplicatesRemoved()), recorded);
  }

  /** A recorded split's plan, fingerprint and counts, read without touching the file. */
  public RecordedSplit recordedSplit(long splitId) {
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mlpm_data_split WHERE id = ?", splitId);
    PreparationPlan plan = read((String) row.get("plan_json"), PreparationPlan.class, "split " + splitId + "'s plan");
    SplitCuts cuts = row.get("cuts_json") == null ? null
        : read((String) row.get("cuts_json"), SplitCuts.class, "split " + splitId + "'s cuts");
    return new RecordedSplit(splitId, versionSha(((Number) row.get("dataset_version_id")).longValue()), plan, cuts,
        recordedCounts(row));
  }

  /** Receives the rows of a part streamed by {@link #streamPart}. */
  public interface PartRows {
    /** The part's columns (the excluded ones left out), before the first row. */
    void columns(List<String> columns);

    /** A row, and whether it is in the part's seeded sample (the rows {@link #loadSplit} would hold). */
    void row(String[] cells, boolean inSample);
  }

  /** What {@link #streamPart} read: the split's plan and counts, and the rows it handed out. */
  public record StreamedPart(PreparationPlan plan, String datasetSha256, SplitCounts counts, long rows) {}

  /**
   * Hands every row of one part of a recorded split to {@code sink} in one streaming pass, without
   * holding them, each marked whether it is in the seeded sample of at most the step's row budget.
   * For a step that must see every row (the evaluation's metrics) and keeps a sample for what needs
   * the rows together.
   *
   * @throws DatasetChangedException at the end of the pass when the bytes read are not the recorded
   *     version: what the sink computed from them must be discarded
   */
  public StreamedPart streamPart(long splitId, Part part, PartRows sink) {
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mlpm_data_split WHERE id = ?", splitId);
    PreparationPlan plan = read((String) row.get("plan_json"), PreparationPlan.class, "split " + splitId + "'s plan");
    String uri = (String) row.get("dataset_uri");
    String sha = versionSha(((Number) row.get("dataset_version_id")).longValue());
    if (row.get("cuts_json") == null) {
      // Recorded before splits streamed: rebuilt as it was made (such splits were held in memory).
      PreparedSplit all = rebuildSplit(splitId, EnumSet.of(part));
      Dataset d = all.data().of(part);
      sink.columns(d.columns());
      for (int i = 0; i < d.size(); i++) {
        sink.row(d.rows().get(i), i < maxRows.get(part));
      }
      return new StreamedPart(plan, sha, all.counts(), d.size());
    }
    SplitCuts cuts = read((String) row.get("cuts_json"), SplitCuts.class, "split " + splitId + "'s cuts");
    SplitCounts recorded = recordedCounts(row);
    int max = maxRows.get(part);
    Double share = sampleShare(part, recorded.of(part));
    Map<Part, Double> shares = share == null ? Map.of() : Map.of(part, share);
    long[] handed = new long[2]; // rows, rows in the sample
    long started = System.nanoTime();
    StreamingSplit.Replayed replayed = StreamingSplit.stream(reader(plan.csvDelimiter()), root.resolve(uri), plan,
        cuts, EnumSet.of(part), shares, new StreamingSplit.SampledSink() {
          @Override
          public void columns(List<String> kept) {
            sink.columns(kept);
          }

          @Override
          public void row(Part p, String[] cells, boolean inSample) {
            boolean kept = inSample && handed[1] < max; // "at most", also in a sample that runs over
            handed[0]++;
            if (kept) {
              handed[1]++;
            }
            sink.row(cells, kept);
          }
        });
    if (!replayed.fingerprint().sha256().equals(sha)) {
      throw new DatasetChangedException(uri, sha, replayed.fingerprint().sha256());
    }
    LOG.info("Streamed {} of split {} from '{}' in {} ms: {} rows, {} of them in the sample", part, splitId, uri,
        (System.nanoTime() - started) / 1_000_000, handed[0], handed[1]);
    return new StreamedPart(plan, sha, recorded, handed[0]);
  }

  /**
   * The share of a part's {@code n} rows a step holds, or null for all of them: aimed four standard
   * deviations below the part's row budget, so that the cut at the budget almost never applies.
   */
  private Double sampleShare(Part part, long n) {
    int max = maxRows.get(part);
    return n > max ? Math.max(1, max - 4 * Math.sqrt(max)) / n : null;
  }

  private static SplitCounts recordedCounts(Map<String, Object> row) {
    return new SplitCounts(((Number) row.get("train_rows")).longValue(),
        ((Number) row.get("validation_rows")).longValue(), ((Number) row.get("test_rows")).longValue(),
        ((Number) row.get("duplicates_removed")).longValue(), ((Number) row.get("dropped_rows")).longValue(),
        row.get("unchecked_rows") == null ? 0 : ((Number) row.get("unchecked_rows")).longValue());
  }

  private static <T> T read(String json, Class<T> type, String what) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(what + " is not readable JSON", e);
    }
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
    return findings(projectKey, latestCheck(projectKey)).stream().filter(f -> !QualityFindings.waivable(f))
        .map(Finding::message).collect(java.util.stream.Collectors.joining(" "));
  }

  /** A recorded check's findings; none for no check or one without findings. */
  private static List<Finding> findings(String projectKey, Map<String, Object> check) {
    if (check == null || check.get("findings_json") == null) {
      return List.of();
    }
    try {
      return JSON.readValue((String) check.get("findings_json"),
          JSON.getTypeFactory().constructCollectionType(List.class, Finding.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The findings of project '" + projectKey + "' are not readable JSON.", e);
    }
  }

  /**
   * The header of a dataset under the root (the path confined to it, or an
   * {@link IllegalArgumentException}); empty when the file is not readable CSV, which the ingest
   * reports to the steward with its reason.
   */
  public List<String> columns(String datasetUri, Character delimiter) {
    java.nio.file.Path file = root().resolve(datasetUri);
    try {
      return new CsvDatasetReader(delimiter).header(file);
    } catch (DatasetFormatException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /** A project's recorded checks with their dataset version's SHA-256. */
  private static final String CHECKS = "SELECT c.verdict, c.findings_json, c.dataset_uri, c.dataset_version_id,"
      + " v.sha256 AS dataset_sha256, c.created_at FROM mlpm_data_check c LEFT JOIN mlpm_dataset_version v"
      + " ON v.id = c.dataset_version_id WHERE c.project_key = ?";

  /** Every recorded check of a project, oldest first, for its history. */
  public List<Map<String, Object>> checks(String projectKey) {
    return jdbc.queryForList(CHECKS + " ORDER BY c.id", projectKey);
  }

  /** The latest recorded checks of a project, for the project view. */
  public Map<String, Object> latestCheck(String projectKey) {
    return jdbc.queryForList(CHECKS + " ORDER BY c.id DESC", projectKey).stream()
        .findFirst().orElse(null);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
