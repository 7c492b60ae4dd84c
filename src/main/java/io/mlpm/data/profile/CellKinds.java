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

  /** {@link #parse(char[], int, int, double[])} of a whole string. */
  static int parse(String s, double[] value) {
    char[] c = s.toCharArray();
    return parse(c, 0, c.length, value);
  }

  /**
   * Parses the cell {@code s[from, to)} (not empty) into {@code value[0]}: {@link #NOT_A_NUMBER},
   * {@link #INTEGRAL} (written without decimal point or exponent) or {@link #DECIMAL}.
   */
  static int parse(char[] s, int from, int to, double[] value) {
    int i = from;
    boolean negative = false;
    char c = s[from];
    if (c == '-' || c == '+') {
      negative = c == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean sawDigit = false;
    for (; i < to; i++) {
      c = s[i];
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
          return slow(s, from, to, value);
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return slow(s, from, to, value);
      }
    }
    if (!sawDigit) {
      return NOT_A_NUMBER;
    }
    // Both the mantissa (< 2^53) and the power of ten are exact doubles, so one division is the
    // correctly rounded value, as Double.parseDouble gives.
    if (mantissa >= (1L << 53) || fraction > 22) {
      return slow(s, from, to, value);
    }
    double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
    value[0] = negative ? -v : v;
    return fraction < 0 ? INTEGRAL : DECIMAL;
  }

  private static int slow(char[] s, int from, int to, double[] value) {
    char c = s[from];
    if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.') {
      return NOT_A_NUMBER; // text; "NaN" and "Infinity" are not numbers for Cells.number either
    }
    String text = new String(s, from, to - from);
    Double d = Cells.number(text);
    if (d == null) {
      return NOT_A_NUMBER;
    }
    value[0] = d;
    return integral(text) ? INTEGRAL : DECIMAL;
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
    char[] c = s.toCharArray();
    return booleanWord(c, 0, c.length);
  }

  /** {@link #booleanWord(String)} of {@code s[from, to)}. */
  static boolean booleanWord(char[] s, int from, int to) {
    return switch (to - from) {
      case 1 -> {
        char c = Character.toLowerCase(s[from]);
        yield c == 'y' || c == 'n';
      }
      case 2 -> equalsIgnoreCase(s, from, "no");
      case 3 -> equalsIgnoreCase(s, from, "yes");
      case 4 -> equalsIgnoreCase(s, from, "true");
      case 5 -> equalsIgnoreCase(s, from, "false");
      default -> false;
    };
  }

  /** As {@link String#equalsIgnoreCase} for a lower-case ASCII word of the range's length. */
  private static boolean equalsIgnoreCase(char[] s, int from, String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = s[from + i];
      char w = word.charAt(i);
      if (c != w && Character.toLowerCase(Character.toUpperCase(c)) != w) {
        return false;
      }
    }
    return true;
  }

  /**
   * ISO dates {@code yyyy-MM-dd} (optionally followed by a time after 'T' or a space), and
   * {@code yyyy/MM/dd}, {@code dd.MM.yyyy}, {@code dd/MM/yyyy} or {@code MM/dd/yyyy}.
   */
  static boolean date(String s) {
    char[] c = s.toCharArray();
    return date(c, 0, c.length);
  }

  /** {@link #date(String)} of {@code s[from, to)}. */
  static boolean date(char[] s, int from, int to) {
    int n = to - from;
    if (n < 10) {
      return false;
    }
    int o = from;
    char sep4 = s[o + 4];
    if ((sep4 == '-' || sep4 == '/') && s[o + 7] == sep4) {
      if (!digits(s, o, o + 4) || !digits(s, o + 5, o + 7) || !digits(s, o + 8, o + 10)) {
        return false;
      }
      if (!monthDay(num(s, o + 5, o + 7), num(s, o + 8, o + 10))) {
        return false;
      }
      return n == 10
          || (sep4 == '-' && (s[o + 10] == 'T' || s[o + 10] == ' ') && time(s, o + 11, to));
    }
    char sep2 = s[o + 2];
    if (n == 10 && (sep2 == '.' || sep2 == '/') && s[o + 5] == sep2
        && digits(s, o, o + 2) && digits(s, o + 3, o + 5) && digits(s, o + 6, o + 10)) {
      int a = num(s, o, o + 2);
      int b = num(s, o + 3, o + 5);
      return monthDay(b, a) || (sep2 == '/' && monthDay(a, b));
    }
    return false;
  }

  /** HH:mm, then anything (seconds, fraction, zone). */
  private static boolean time(char[] s, int at, int to) {
    return to >= at + 5 && digits(s, at, at + 2) && s[at + 2] == ':'
        && digits(s, at + 3, at + 5) && num(s, at, at + 2) < 24 && num(s, at + 3, at + 5) < 60;
  }

  private static boolean monthDay(int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
  }

  private static boolean digits(char[] s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s[i];
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static int num(char[] s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + (s[i] - '0');
    }
    return v;
  }

  /** A 64-bit hash of the cell's text; 0 stands for missing. */
  static long hash(String s) {
    char[] c = s.toCharArray();
    return hash(c, 0, c.length);
  }

  /**
   * A 64-bit hash of {@code s[from, to)}, never 0 (0 stands for missing): four chars per step,
   * each step a bijection of the state (xor, odd multiply, xor-shift), then a final mix.
   */
  static long hash(char[] s, int from, int to) {
    long h = 0x9E3779B97F4A7C15L ^ (to - from);
    int i = from;
    for (int end4 = to - 3; i < end4; i += 4) {
      long w = s[i] | (long) s[i + 1] << 16 | (long) s[i + 2] << 32 | (long) s[i + 3] << 48;
      h = (h ^ w) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    if (i < to) {
      long w = 0;
      for (int shift = 0; i < to; i++, shift += 16) {
        w |= (long) s[i] << shift;
      }
      h = (h ^ w) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
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
