package io.mlpm.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prepares a dataset by a recorded plan: exact duplicate rows removed, excluded columns (id-like,
 * constant, or chosen by a person) left out, rows without a target dropped, then a seeded,
 * stratified split into train, validation and test. Missing feature values are imputed later by
 * the trainer from training statistics only, so no test information leaks into training.
 */
public final class DatasetPreparation {

  private final DatasetSplitter splitter = new DatasetSplitter();

  public PreparedData prepare(Dataset dataset, PreparationPlan plan) {
    if (plan.excludedColumns().contains(plan.targetColumn())) {
      throw new IllegalArgumentException("The target column '" + plan.targetColumn() + "' cannot be left out.");
    }
    Dataset kept = withoutColumns(dataset, plan.excludedColumns());
    List<String[]> unique = new ArrayList<>(kept.size());
    Set<List<String>> seen = new HashSet<>();
    for (String[] row : kept.rows()) {
      if (seen.add(Arrays.asList(row))) {
        unique.add(row);
      }
    }
    int duplicates = kept.size() - unique.size();
    Dataset deduplicated = new Dataset(kept.columns(), unique);
    DataSplit outer = splitter.split(deduplicated, plan.targetColumn(), plan.taskType(), plan.testRatio(), plan.seed());
    // A second, independently seeded split carves validation rows out of the non-test rows.
    DataSplit inner = splitter.split(outer.train(), plan.targetColumn(), plan.taskType(), plan.validationRatio(),
        plan.seed() + 1);
    return new PreparedData(plan, inner.train(), inner.test(), outer.test(), outer.droppedMissingTarget(), duplicates);
  }

  static Dataset withoutColumns(Dataset dataset, List<String> excluded) {
    if (excluded.isEmpty()) {
      return dataset;
    }
    List<Integer> keep = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < dataset.columns().size(); i++) {
      if (!excluded.contains(dataset.columns().get(i))) {
        keep.add(i);
        names.add(dataset.columns().get(i));
      }
    }
    List<String[]> rows = new ArrayList<>(dataset.size());
    for (String[] row : dataset.rows()) {
      String[] projected = new String[keep.size()];
      for (int k = 0; k < keep.size(); k++) {
        projected[k] = row[keep.get(k)];
      }
      rows.add(projected);
    }
    return new Dataset(names, rows);
  }
}
