package io.mlpm.data;

/**
 * The rows seen so far, by their 128-bit identity ({@link RowIdentity}), to drop exact duplicates in
 * one pass. Exact up to {@code limit} distinct rows (two different rows share an identity with a
 * chance of about 2^-128 per pair); once that many are held the set is frozen: a row already in it
 * is still a duplicate, a new one is kept unchecked. The decisions depend only on the rows and
 * their order, so every pass over the same file makes the same ones. 16 bytes per slot, at most
 * four slots per row held (64 MB at the default limit of {@code mlpm.datasets.distinct-rows}).
 */
final class DistinctRows {

  enum Seen { NEW, DUPLICATE, UNCHECKED }

  private final int limit;
  private long[] high;
  private long[] low;
  private int size;

  DistinctRows(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit of distinct rows must be at least 1, was " + limit);
    }
    this.limit = limit;
    this.high = new long[1024];
    this.low = new long[1024];
  }

  int limit() {
    return limit;
  }

  int size() {
    return size;
  }

  Seen add(long h, long l) {
    // (0, 0) marks an empty slot; a row with that identity is stored as (0, 1).
    if (h == 0 && l == 0) {
      l = 1;
    }
    int mask = high.length - 1;
    int i = slot(h, l, mask);
    while (high[i] != 0 || low[i] != 0) {
      if (high[i] == h && low[i] == l) {
        return Seen.DUPLICATE;
      }
      i = (i + 1) & mask;
    }
    if (size >= limit) {
      return Seen.UNCHECKED;
    }
    high[i] = h;
    low[i] = l;
    size++;
    if (size * 2L > high.length) {
      grow();
    }
    return Seen.NEW;
  }

  private static int slot(long h, long l, int mask) {
    long x = h ^ (l * 0x9E3779B97F4A7C15L);
    return (int) (x ^ (x >>> 32)) & mask;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    high = new long[oldHigh.length * 2];
    low = new long[high.length];
    int mask = high.length - 1;
    for (int j = 0; j < oldHigh.length; j++) {
      if (oldHigh[j] != 0 || oldLow[j] != 0) {
        int i = slot(oldHigh[j], oldLow[j], mask);
        while (high[i] != 0 || low[i] != 0) {
          i = (i + 1) & mask;
        }
        high[i] = oldHigh[j];
        low[i] = oldLow[j];
      }
    }
  }
}
