package io.mlpm.serving;

import io.mlpm.MlpmProperties;
import io.mlpm.registry.ModelRegistry;
import io.mlpm.web.BodyLimit;
import io.mlpm.web.HttpLimits;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The cap of a prediction body: {@code max-batch-rows} rows of the production model's features,
 * {@code max-bytes-per-value} each, plus room for the envelope; never above
 * {@code mlpm.http.max-prediction-body}. Kept per project for a few seconds (a promotion changes
 * the feature count).
 */
@Component
public class PredictionBodyLimit implements BodyLimit {

  private static final Pattern PATH = Pattern.compile("/api/projects/([^/]+)/predictions");
  private static final long ENVELOPE = 64 * 1024;
  private static final long KEEP_MILLIS = 10_000;
  private static final int MAX_KEPT = 10_000;

  private final ModelRegistry registry;
  private final ServedModels models;
  private final long rows;
  private final long bytesPerValue;
  private final long ceiling;
  private final Map<String, long[]> kept = new ConcurrentHashMap<>();

  public PredictionBodyLimit(ModelRegistry registry, ServedModels models, MlpmProperties properties,
      HttpLimits limits) {
    this.registry = registry;
    this.models = models;
    this.rows = properties.serving().maxBatchRows();
    this.bytesPerValue = properties.serving().maxBytesPerValue();
    this.ceiling = limits.maxPredictionBody().toBytes();
  }

  @Override
  public OptionalLong bytesFor(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return OptionalLong.empty();
    }
    Matcher m = PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    String key = m.group(1);
    long now = System.currentTimeMillis();
    long[] entry = kept.get(key);
    if (entry != null && entry[1] > now) {
      return OptionalLong.of(entry[0]);
    }
    // Without a production model served here the request fails anyway; the envelope is enough to say so.
    long cap = registry.production(key).filter(v -> !v.external()).map(v -> Math.min(ceiling,
        rows * models.of(v).featureColumns().size() * bytesPerValue + ENVELOPE)).orElse(ENVELOPE);
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(key, new long[] {cap, now + KEEP_MILLIS});
    return OptionalLong.of(cap);
  }

  @Override
  public String setting() {
    return "mlpm.serving.max-batch-rows x the model's features x mlpm.serving.max-bytes-per-value,"
        + " at most mlpm.http.max-prediction-body";
  }
}
