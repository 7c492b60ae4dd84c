package io.mlpm.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void numbersKeepFourSignificantDigitsWithoutNoise() {
    assertThat(Figures.number(5.843333)).isEqualTo("5.843");
    assertThat(Figures.number(150.0)).isEqualTo("150");
    assertThat(Figures.number(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(Figures.number(123456.0)).isEqualTo("123500");
    assertThat(Figures.number(2.5e12)).isEqualTo("2.500e+12");
    assertThat(Figures.number(null)).isEmpty();
    assertThat(Figures.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void ratiosReadAsPercentages() {
    assertThat(Figures.percent(0.12)).isEqualTo("12 %");
    assertThat(Figures.percent(1 / 150.0)).isEqualTo("0.6667 %");
  }

  @Test
  void longValuesAreShortenedForDisplay() {
    assertThat(Labels.shorten("x".repeat(50), 10)).isEqualTo("xxxxxxxxx…");
    assertThat(Labels.shorten(null, 10)).isEqualTo("(missing)");
    assertThat(Labels.shorten("", 10)).isEqualTo("(empty)");
  }
}
