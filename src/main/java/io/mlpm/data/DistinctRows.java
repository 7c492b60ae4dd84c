package io.mlpm.data;

/**
 * The rows seen so far, by their 128-bit identity ({@link RowIdentity}), to drop exact duplicates in
 * one pass. Exact up to {@code limit} distinct rows (two different rows share an identity with a
 * chance of about 2^-128 per pair); once that many are held the set is frozen: a row already in it
 * is still a duplicate, a new one is kept unchecked. The decisions depend only on the rows and
 * their order, so every pass over the same file makes the same ones. A slot is the identity's two
 * halves side by side (one cache line per look-up), at most four slots per row held (64 MB at the
 * default limit of {@code mlpm.datasets.distinct-rows}).
 */
final class DistinctRows {

  enum Seen { NEW, DUPLICATE, UNCHECKED }

  /**
   * Slots per page: 2^14 slots of two longs, 256 KB, below the size the G1 collector gives a
   * region of its own (half a region, at least 512 KB), so a small heap is not fragmented by the set.
   */
  private static final int PAGE_BITS = 14;

  private final int limit;
  /**
   * Slot i is pages[i >>> PAGE_BITS][2j] (high half) and [2j + 1] (low half), j the slot's place in
   * its page; (0, 0) is empty.
   */
  private long[][] pages;
  private int slots;
  private int size;

  DistinctRows(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit of distinct rows must be at least 1, was " + limit);
    }
    this.limit = limit;
    this.slots = 1024;
    this.pages = allocate(slots);
  }

  private static long[][] allocate(int slots) {
    int perPage = Math.min(slots, 1 << PAGE_BITS);
    long[][] p = new long[slots / perPage][];
    for (int i = 0; i < p.length; i++) {
      p[i] = new long[2 * perPage];
    }
    return p;
  }

  int limit() {
    return limit;
  }

  int size() {
    return size;
  }

  Seen add(long h, long l) {
    // A row whose identity is (0, 0) is stored as (0, 1).
    if (h == 0 && l == 0) {
      l = 1;
    }
    int mask = slots - 1;
    int i = slot(h, l, mask);
    while (true) {
      long[] page = pages[i >>> PAGE_BITS];
      int j = 2 * (i & ((1 << PAGE_BITS) - 1));
      if (page[j] == 0 && page[j + 1] == 0) {
        if (size >= limit) {
          return Seen.UNCHECKED;
        }
        page[j] = h;
        page[j + 1] = l;
        size++;
        if (size * 2L > slots) {
          grow();
        }
        return Seen.NEW;
      }
      if (page[j] == h && page[j + 1] == l) {
        return Seen.DUPLICATE;
      }
      i = (i + 1) & mask;
    }
  }

  /** {@link Seen#DUPLICATE} when the row is held, else {@link Seen#UNCHECKED}; adds nothing. */
  Seen lookup(long h, long l) {
    if (h == 0 && l == 0) {
      l = 1;
    }
    int mask = slots - 1;
    for (int i = slot(h, l, mask); ; i = (i + 1) & mask) {
      long[] page = pages[i >>> PAGE_BITS];
      int j = 2 * (i & ((1 << PAGE_BITS) - 1));
      if (page[j] == 0 && page[j + 1] == 0) {
        return Seen.UNCHECKED;
      }
      if (page[j] == h && page[j + 1] == l) {
        return Seen.DUPLICATE;
      }
    }
  }

  /** Keeps the loads of {@link #touch} from being optimized away. */
  private long touched;

  /** Loads the slots of these rows ahead of their {@link #add}, in loads that do not wait for each other. */
  void touch(long[] high, long[] low, int n) {
    int mask = slots - 1;
    long sum = 0;
    for (int k = 0; k < n; k++) {
      int i = slot(high[k], low[k], mask);
      sum += pages[i >>> PAGE_BITS][2 * (i & ((1 << PAGE_BITS) - 1))];
    }
    touched += sum;
  }

  private static int slot(long h, long l, int mask) {
    long x = h ^ (l * 0x9E3779B97F4A7C15L);
    return (int) (x ^ (x >>> 32)) & mask;
  }

  private void grow() {
    long[][] old = pages;
    slots *= 2;
    pages = allocate(slots);
    int mask = slots - 1;
    int inPage = (1 << PAGE_BITS) - 1;
    for (long[] page : old) {
      for (int k = 0; k < page.length; k += 2) {
        long h = page[k];
        long l = page[k + 1];
        if (h != 0 || l != 0) {
          int i = slot(h, l, mask);
          while (true) {
            long[] to = pages[i >>> PAGE_BITS];
            int j = 2 * (i & inPage);
            if (to[j] == 0 && to[j + 1] == 0) {
              to[j] = h;
              to[j + 1] = l;
              break;
            }
            i = (i + 1) & mask;
          }
        }
      }
    }
  }
}
