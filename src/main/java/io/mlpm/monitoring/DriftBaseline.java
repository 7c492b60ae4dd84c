package io.mlpm.monitoring;

import java.util.List;
import java.util.Optional;

/**
 * What the model's input columns looked like in its training rows, stored as JSON per model
 * version ({@code mlpm_model_baseline}) and compared with served inputs by the health check.
 *
 * @param version format version of this JSON
 * @param trainingRows number of training rows the proportions come from
 */
public record DriftBaseline(int version, long trainingRows, List<FeatureBaseline> features) {

  public static final int CURRENT_VERSION = 1;

  public DriftBaseline {
    features = List.copyOf(features);
  }

  public Optional<FeatureBaseline> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  public String toJson() {
    return MonitoringJson.write(this);
  }

  public static DriftBaseline fromJson(String json) {
    DriftBaseline b = MonitoringJson.read(json, DriftBaseline.class);
    if (b.version() > CURRENT_VERSION) {
      throw new IllegalStateException("Drift baseline format " + b.version() + " is newer than this server supports.");
    }
    return b;
  }
}
