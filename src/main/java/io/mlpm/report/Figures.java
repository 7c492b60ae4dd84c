package io.mlpm.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Numbers as a person reads them: four significant digits, no noise like {@code 150.0000001}. */
final class Figures {

  private Figures() {}

  static String number(Double value) {
    if (value == null) {
      return "";
    }
    if (value.isNaN() || value.isInfinite()) {
      return String.valueOf(value);
    }
    double abs = Math.abs(value);
    if (abs != 0 && (abs >= 1e9 || abs < 1e-4)) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  static String percent(double ratio) {
    if (Double.isNaN(ratio)) {
      return "";
    }
    return number(ratio * 100) + " %";
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
