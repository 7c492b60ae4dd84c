package io.mlpm.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  static final double TOL = 1e-6;

  @Test
  void multiClassCountsByHand() {
    // actual    a a b b c
    // predicted a b b b a
    // a: tp 1, fp 1 (row 5), fn 1 (row 2) -> P 1/2, R 1/2, F1 1/2, support 2
    // b: tp 2, fp 1 (row 2), fn 0         -> P 2/3, R 1,   F1 0.8, support 2
    // c: tp 0, never predicted, fn 1      -> P 0,   R 0,   F1 0,   support 1
    Map<String, Double> m = Metrics.classification(List.of("a", "a", "b", "b", "c"),
        List.of("a", "b", "b", "b", "a"), null);
    assertThat(m.keySet()).containsExactly(
        "accuracy", "macro_f1", "weighted_f1", "macro_precision", "macro_recall");
    assertThat(m.get("accuracy")).isCloseTo(0.6, within(TOL)); // 3 of 5
    assertThat(m.get("macro_f1")).isCloseTo(1.3 / 3, within(TOL)); // (0.5 + 0.8 + 0) / 3
    assertThat(m.get("weighted_f1")).isCloseTo(0.52, within(TOL)); // (0.5*2 + 0.8*2 + 0*1) / 5
    assertThat(m.get("macro_precision")).isCloseTo((0.5 + 2.0 / 3) / 3, within(TOL));
    assertThat(m.get("macro_recall")).isCloseTo(0.5, within(TOL)); // (0.5 + 1 + 0) / 3
  }

  @Test
  void classOnlyPredictedCountsInMacroAverage() {
    // actual a a, predicted a x: classes {a, x}.
    // a: P 1, R 1/2, F1 2/3;  x: P 0 (tp 0, fp 1), R 0 (no support), F1 0
    Map<String, Double> m = Metrics.classification(List.of("a", "a"), List.of("a", "x"), null);
    assertThat(m.get("macro_precision")).isCloseTo(0.5, within(TOL));
    assertThat(m.get("macro_recall")).isCloseTo(0.25, within(TOL));
    assertThat(m.get("macro_f1")).isCloseTo(1.0 / 3, within(TOL));
    assertThat(m.get("weighted_f1")).isCloseTo(2.0 / 3, within(TOL)); // all support is class a
  }

  @Test
  void binaryAucAndLogLoss() {
    // The scikit-learn roc_auc_score example: positive "yes" (second label in order) has
    // scores 0.35, 0.8; negatives 0.1, 0.4. Pairs won: 0.35>0.1, 0.8>0.1, 0.8>0.4 -> 3/4.
    List<String> actual = List.of("no", "no", "yes", "yes");
    List<Map<String, Double>> p = List.of(
        Map.of("no", 0.9, "yes", 0.1), Map.of("no", 0.6, "yes", 0.4),
        Map.of("no", 0.65, "yes", 0.35), Map.of("no", 0.2, "yes", 0.8));
    Map<String, Double> m =
        Metrics.classification(actual, List.of("no", "no", "no", "yes"), p);
    assertThat(m.keySet()).containsExactly("accuracy", "macro_f1", "weighted_f1",
        "macro_precision", "macro_recall", "roc_auc", "log_loss");
    assertThat(m.get("roc_auc")).isCloseTo(0.75, within(TOL));
    // -(ln 0.9 + ln 0.6 + ln 0.35 + ln 0.8) / 4 = (0.1053605 + 0.5108256 + 1.0498221 + 0.2231436) / 4
    assertThat(m.get("log_loss")).isCloseTo(0.4722880, within(TOL));
  }

  @Test
  void aucGivesHalfCreditForTies() {
    // positives 0.5, 0.9; negatives 0.5, 0.2: 0.5=0.5 counts 1/2, the other three pairs win.
    List<Map<String, Double>> p = List.of(Map.of("yes", 0.5), Map.of("yes", 0.5),
        Map.of("yes", 0.2), Map.of("yes", 0.9));
    Map<String, Double> m = Metrics.classification(List.of("no", "yes", "no", "yes"),
        List.of("yes", "yes", "no", "yes"), p);
    assertThat(m.get("roc_auc")).isCloseTo(3.5 / 4, within(TOL));
  }

  @Test
  void aucIsThatOfAverageRanksOnRandomScoresWithTies() {
    java.util.Random random = new java.util.Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(300);
      List<String> actual = new java.util.ArrayList<>();
      List<Map<String, Double>> probabilities = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        actual.add(random.nextInt(3) == 0 ? "yes" : "no");
        double p = random.nextInt(trial % 2 == 0 ? 5 : 1000) / 4.0; // few distinct scores: many ties
        probabilities.add(random.nextInt(20) == 0 ? Map.of("no", 1.0) : Map.of("yes", p, "no", 1 - p));
      }
      Double expected = averageRankAuc(actual, probabilities, "yes");
      Double auc = Metrics.binaryAuc(actual, probabilities, "yes");
      if (expected == null) {
        assertThat(auc).isNull();
      } else {
        assertThat(auc).isCloseTo(expected, within(1e-12));
      }
    }
  }

  /** The textbook figure: rank every row, ties sharing their average rank. */
  private static Double averageRankAuc(List<String> actual, List<Map<String, Double>> probabilities,
      String positive) {
    int n = actual.size();
    double[] scores = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      scores[i] = probabilities.get(i).getOrDefault(positive, 0.0);
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRanks = 0;
    long positives = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      for (int k = start; k <= end; k++) {
        if (actual.get(order[k]).equals(positive)) {
          positives++;
          positiveRanks += (start + end) / 2.0 + 1;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    return positives == 0 || negatives == 0 ? null
        : (positiveRanks - positives * (positives + 1) / 2.0) / (positives * negatives);
  }

  @Test
  void multiClassAucIsMacroOneVsRest() {
    // a vs rest: pos 0.6, 0.2; neg 0.3, 0.1 -> wins 0.6>0.3, 0.6>0.1, 0.2>0.1 = 3/4
    // b vs rest: pos 0.4; neg 0.3, 0.5, 0.2 -> 2/3
    // c vs rest: pos 0.7; neg 0.1, 0.3, 0.3 -> 1
    List<Map<String, Double>> p = List.of(
        Map.of("a", 0.6, "b", 0.3, "c", 0.1), Map.of("a", 0.2, "b", 0.5, "c", 0.3),
        Map.of("a", 0.3, "b", 0.4, "c", 0.3), Map.of("a", 0.1, "b", 0.2, "c", 0.7));
    Map<String, Double> m = Metrics.classification(List.of("a", "a", "b", "c"),
        List.of("a", "b", "b", "c"), p);
    assertThat(m.get("roc_auc")).isCloseTo((0.75 + 2.0 / 3 + 1) / 3, within(TOL));
  }

  @Test
  void logLossClipsZeroProbability() {
    Map<String, Double> m = Metrics.classification(List.of("a", "b"), List.of("a", "a"),
        List.of(Map.of("a", 1.0, "b", 0.0), Map.of("a", 1.0, "b", 0.0)));
    // row 1: -ln(1 - 1e-15) ~ 1e-15; row 2: -ln(1e-15) = 34.5387764
    assertThat(m.get("log_loss")).isCloseTo(34.5387764 / 2, within(1e-6));
  }

  @Test
  void aucOmittedWhenOnlyOneClassIsPresent() {
    Map<String, Double> m = Metrics.classification(List.of("a", "a"), List.of("a", "a"),
        List.of(Map.of("a", 0.9), Map.of("a", 0.8)));
    assertThat(m).doesNotContainKey("roc_auc").containsKey("log_loss");
  }

  @Test
  void regressionByHand() {
    // errors 0.5, -0.5, 0, -1: MSE = 1.5 / 4 = 0.375, MAE = 2 / 4 = 0.5
    // mean actual 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875
    Map<String, Double> m = Metrics.regression(new double[] {3, -0.5, 2, 7},
        new double[] {2.5, 0.0, 2, 8});
    assertThat(m.keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(m.get("rmse")).isCloseTo(Math.sqrt(0.375), within(TOL));
    assertThat(m.get("mae")).isCloseTo(0.5, within(TOL));
    assertThat(m.get("r2")).isCloseTo(1 - 1.5 / 29.1875, within(TOL)); // 0.9486081
  }

  @Test
  void constantActualR2() {
    assertThat(Metrics.regression(new double[] {2, 2}, new double[] {2, 2}).get("r2"))
        .isEqualTo(1.0);
    assertThat(Metrics.regression(new double[] {2, 2}, new double[] {1, 3}).get("r2"))
        .isEqualTo(0.0);
  }

  @Test
  void rejectsMismatchedInput() {
    assertThatThrownBy(() -> Metrics.classification(List.of("a"), List.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Metrics.regression(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
