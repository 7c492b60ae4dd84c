package io.mlpm.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PsiTest {

  @Test
  void identicalDistributionsHaveNoDrift() {
    assertThat(Psi.of(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5})).isEqualTo(0.0);
    // Empty on both sides: both become epsilon, (e - e) * ln(1) = 0.
    assertThat(Psi.of(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.5, 0})).isEqualTo(0.0);
  }

  @Test
  void twoBucketShift() {
    // (0.7 - 0.5) * ln(0.7 / 0.5) = 0.2 * 0.3364722366 = 0.0672944473
    // (0.3 - 0.5) * ln(0.3 / 0.5) = -0.2 * -0.5108256238 = 0.1021651248
    // sum = 0.1694595721
    assertThat(Psi.of(new double[] {0.5, 0.5}, new double[] {0.7, 0.3})).isCloseTo(0.1694595721, within(1e-9));
  }

  @Test
  void fourBucketShift() {
    // (0.1 - 0.25) * ln(0.1 / 0.25) = -0.15 * ln(0.4) = -0.15 * -0.9162907319 = 0.1374436098
    // (0.2 - 0.25) * ln(0.2 / 0.25) = -0.05 * ln(0.8) = -0.05 * -0.2231435513 = 0.0111571776
    // (0.3 - 0.25) * ln(0.3 / 0.25) =  0.05 * ln(1.2) =  0.05 *  0.1823215568 = 0.0091160778
    // (0.4 - 0.25) * ln(0.4 / 0.25) =  0.15 * ln(1.6) =  0.15 *  0.4700036292 = 0.0705005444
    // sum = 0.2282174096 (a "moderate" shift: between 0.1 and 0.25)
    double[] expected = {0.25, 0.25, 0.25, 0.25};
    double[] actual = {0.1, 0.2, 0.3, 0.4};
    assertThat(Psi.of(expected, actual)).isCloseTo(0.2282174096, within(1e-9));
    // (a - e) * ln(a / e) is symmetric in a and e.
    assertThat(Psi.of(actual, expected)).isCloseTo(0.2282174096, within(1e-9));
  }

  @Test
  void emptyBucketCountsAsEpsilon() {
    // bucket 1: 0
    // bucket 2: (0.4 - 0.5) * ln(0.4 / 0.5) = -0.1 * -0.2231435513 = 0.0223143551
    // bucket 3: expected 0 -> 1e-4: (0.1 - 0.0001) * ln(0.1 / 0.0001) = 0.0999 * ln(1000)
    //           = 0.0999 * 6.9077552790 = 0.6900847524
    // sum = 0.7123991075
    assertThat(Psi.of(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.4, 0.1}))
        .isCloseTo(0.7123991075, within(1e-9));
  }

  @Test
  void proportionsOfCounts() {
    assertThat(Psi.proportions(new long[] {1, 3, 0})).containsExactly(0.25, 0.75, 0.0);
    assertThat(Psi.proportions(new long[] {0, 0})).containsExactly(0.0, 0.0);
  }

  @Test
  void bucketsMustMatch() {
    assertThatThrownBy(() -> Psi.of(new double[] {1}, new double[] {0.5, 0.5}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same buckets");
  }
}
