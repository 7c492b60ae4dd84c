package io.mlpm.data;

import io.mlpm.ml.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Splits a dataset into train and test rows, reproducibly: the same data and seed always give
 * the same split. Classification splits each class separately so the test set keeps the class
 * balance and contains every class that has at least two rows.
 */
public final class DatasetSplitter {

  public DataSplit split(Dataset d, String target, TaskType type, double testRatio, long seed) {
    if (!(testRatio > 0 && testRatio < 1)) {
      throw new IllegalArgumentException("testRatio must be between 0 and 1, was " + testRatio);
    }
    int t = d.columnIndex(target);
    if (t < 0) {
      throw new IllegalArgumentException("Target column '" + target + "' is not in the dataset.");
    }
    // Groups hold row indices; a TreeMap fixes the order in which classes consume the random stream.
    Map<String, List<Integer>> groups = new TreeMap<>();
    int dropped = 0;
    for (int i = 0; i < d.size(); i++) {
      String label = d.rows().get(i)[t];
      if (label == null) {
        dropped++;
      } else {
        String key = type == TaskType.CLASSIFICATION ? label : "";
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] inTest = new boolean[d.size()];
    for (List<Integer> group : groups.values()) {
      shuffle(group, random);
      int n = group.size();
      int testCount = n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(n * testRatio)));
      for (int k = 0; k < testCount; k++) {
        inTest[group.get(k)] = true;
      }
    }
    // Both parts keep the file's row order; only membership is random.
    List<String[]> train = new ArrayList<>();
    List<String[]> test = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      if (d.rows().get(i)[t] != null) {
        (inTest[i] ? test : train).add(d.rows().get(i));
      }
    }
    return new DataSplit(
        new Dataset(d.columns(), train), new Dataset(d.columns(), test), seed, testRatio, dropped);
  }

  private static void shuffle(List<Integer> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer tmp = list.get(i);
      list.set(i, list.get(j));
      list.set(j, tmp);
    }
  }
}
