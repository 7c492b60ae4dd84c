package io.mlpm.data.profile;

import io.mlpm.data.Cells;

/**
 * Fast, allocation-free classification of one (already normalized) cell: number, boolean word,
 * date. Numbers agree with {@link Cells#number}: the common plain decimals are parsed here
 * without exceptions, anything else that may be a number goes to {@link Double#parseDouble}.
 */
final class CellKinds {

  private CellKinds() {}

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  static final int NOT_A_NUMBER = 0;
  static final int INTEGRAL = 1;
  static final int DECIMAL = 2;

  /** The finite number the cell holds, or NaN when it is not one (as {@link Cells#number}). */
  static double number(String s) {
    double[] value = new double[1];
    return parse(s, value) == NOT_A_NUMBER ? Double.NaN : value[0];
  }

  /**
   * Parses the cell into {@code value[0]}: {@link #NOT_A_NUMBER}, {@link #INTEGRAL} (written
   * without decimal point or exponent) or {@link #DECIMAL}.
   */
  static int parse(String s, double[] value) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    char c = s.charAt(0);
    if (c == '-' || c == '+') {
      negative = c == '-';
      i = 1;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean sawDigit = false;
    for (; i < n; i++) {
      c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (digits < 18) {
          mantissa = mantissa * 10 + (c - '0');
          if (mantissa != 0) {
            digits++;
          }
          if (fraction >= 0) {
            fraction++;
          }
        } else {
          return slow(s, value);
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return slow(s, value);
      }
    }
    if (!sawDigit) {
      return NOT_A_NUMBER;
    }
    // Both the mantissa (< 2^53) and the power of ten are exact doubles, so one division is the
    // correctly rounded value, as Double.parseDouble gives.
    if (mantissa >= (1L << 53) || fraction > 22) {
      return slow(s, value);
    }
    double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
    value[0] = negative ? -v : v;
    return fraction < 0 ? INTEGRAL : DECIMAL;
  }

  private static int slow(String s, double[] value) {
    char c = s.charAt(0);
    if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.') {
      return NOT_A_NUMBER; // text; "NaN" and "Infinity" are not numbers for Cells.number either
    }
    Double d = Cells.number(s);
    if (d == null) {
      return NOT_A_NUMBER;
    }
    value[0] = d;
    return integral(s) ? INTEGRAL : DECIMAL;
  }

  /** A number written without a decimal point or exponent (callers checked it is a number). */
  static boolean integral(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' || c == 'e' || c == 'E' || c == 'x' || c == 'X' || c == 'p' || c == 'P'
          || c == 'd' || c == 'D' || c == 'f' || c == 'F') {
        return false;
      }
    }
    return true;
  }

  /** true/false, yes/no, y/n in any case; 0 and 1 are integers, not booleans. */
  static boolean booleanWord(String s) {
    return switch (s.length()) {
      case 1 -> {
        char c = Character.toLowerCase(s.charAt(0));
        yield c == 'y' || c == 'n';
      }
      case 2 -> s.equalsIgnoreCase("no");
      case 3 -> s.equalsIgnoreCase("yes");
      case 4 -> s.equalsIgnoreCase("true");
      case 5 -> s.equalsIgnoreCase("false");
      default -> false;
    };
  }

  /**
   * ISO dates {@code yyyy-MM-dd} (optionally followed by a time after 'T' or a space), and
   * {@code yyyy/MM/dd}, {@code dd.MM.yyyy}, {@code dd/MM/yyyy} or {@code MM/dd/yyyy}.
   */
  static boolean date(String s) {
    int n = s.length();
    if (n < 10) {
      return false;
    }
    char sep4 = s.charAt(4);
    if ((sep4 == '-' || sep4 == '/') && s.charAt(7) == sep4) {
      if (!digits(s, 0, 4) || !digits(s, 5, 7) || !digits(s, 8, 10)) {
        return false;
      }
      if (!monthDay(num(s, 5, 7), num(s, 8, 10))) {
        return false;
      }
      return n == 10 || (sep4 == '-' && (s.charAt(10) == 'T' || s.charAt(10) == ' ') && time(s, 11));
    }
    char sep2 = s.charAt(2);
    if (n == 10 && (sep2 == '.' || sep2 == '/') && s.charAt(5) == sep2
        && digits(s, 0, 2) && digits(s, 3, 5) && digits(s, 6, 10)) {
      int a = num(s, 0, 2);
      int b = num(s, 3, 5);
      return monthDay(b, a) || (sep2 == '/' && monthDay(a, b));
    }
    return false;
  }

  /** HH:mm, then anything (seconds, fraction, zone). */
  private static boolean time(String s, int at) {
    return s.length() >= at + 5 && digits(s, at, at + 2) && s.charAt(at + 2) == ':'
        && digits(s, at + 3, at + 5) && num(s, at, at + 2) < 24 && num(s, at + 3, at + 5) < 60;
  }

  private static boolean monthDay(int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int num(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s.charAt(i) - '0');
    }
    return v;
  }

  /** A 64-bit hash of the cell's text (FNV-1a, then a final mix); 0 stands for missing. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0, n = s.length(); i < n; i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    h = mix(h);
    return h == 0 ? 1 : h;
  }

  /** The murmur3 finalizer: spreads every input bit over all output bits. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
