package io.mlpm.data.profile;

/**
 * Counts rows that repeat an earlier row, from a 64-bit hash of each full row.
 *
 * <p>EXACT up to {@link #EXACT_DISTINCT_ROWS} distinct rows: an open-addressing set of the
 * hashes (32 MB at most; two different rows collide with probability ~1e-7 over 2M rows). Beyond
 * that the set is replaced by a fixed-size blocked Bloom filter of {@link #BLOOM_BITS} bits (32
 * MB, one cache line per row): the count then becomes an ESTIMATE, the Bloom hits minus the
 * false positives expected from the filter's fill at each look-up.
 */
final class DuplicateRowCounter {

  static final int EXACT_DISTINCT_ROWS = 2_000_000;
  static final int BLOOM_BITS_LOG2 = 28;
  static final long BLOOM_BITS = 1L << BLOOM_BITS_LOG2;
  private static final int BLOOM_K = 6;

  private final int exactLimit;
  private long[] table;
  private int size;
  private long exactDuplicates;

  private long[] bloom;
  private long bloomBitsSet;
  private long bloomHits;
  private double expectedFalseHits;

  DuplicateRowCounter() {
    this(EXACT_DISTINCT_ROWS);
  }

  /** For tests: a small exact bound to exercise the Bloom filter. */
  DuplicateRowCounter(int exactLimit) {
    this.exactLimit = exactLimit;
    this.table = new long[1024];
  }

  /** Rows touched ahead of their look-up in {@link #addAll}: their cache misses overlap. */
  private static final int AHEAD = 32;
  /** Keeps the touching loads from being optimized away. */
  private long touched;

  /**
   * Adds {@code rowHashes[0, n)} in order, as {@link #add} one by one would. Each table slot
   * (or Bloom block) is a likely cache miss: the slots of the next few rows are loaded first, in
   * a loop whose loads do not depend on each other, so that the misses overlap.
   */
  void addAll(long[] rowHashes, int n) {
    for (int s = 0; s < n; s += AHEAD) {
      int e = Math.min(n, s + AHEAD);
      long sum = 0;
      long[] t = table;
      if (t != null) {
        int mask = t.length - 1;
        for (int j = s; j < e; j++) {
          long h = rowHashes[j];
          sum += t[(int) (h ^ (h >>> 32)) & mask];
        }
      } else {
        for (int j = s; j < e; j++) {
          int b = block(rowHashes[j] == 0 ? 1 : rowHashes[j]);
          sum += bloom[b] + bloom[b + 7]; // the block may span two cache lines
        }
      }
      touched += sum;
      for (int j = s; j < e; j++) {
        add(rowHashes[j]);
      }
    }
  }

  void add(long rowHash) {
    long h = rowHash == 0 ? 1 : rowHash;
    if (table != null) {
      addExact(h);
    } else {
      addBloom(h);
    }
  }

  private void addExact(long h) {
    int mask = table.length - 1;
    int i = (int) (h ^ (h >>> 32)) & mask;
    while (true) {
      long k = table[i];
      if (k == h) {
        exactDuplicates++;
        return;
      }
      if (k == 0) {
        break;
      }
      i = (i + 1) & mask;
    }
    table[i] = h;
    size++;
    if (size >= exactLimit) {
      toBloom();
    } else if (size * 2 > table.length) {
      grow();
    }
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long h : old) {
      if (h != 0) {
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = h;
      }
    }
  }

  private void toBloom() {
    long[] old = table;
    table = null;
    bloom = new long[(int) (BLOOM_BITS / 64)];
    long[] batch = new long[AHEAD];
    int n = 0;
    for (long h : old) {
      if (h != 0) {
        batch[n++] = h;
        if (n == AHEAD) {
          insertAll(batch, n);
          n = 0;
        }
      }
    }
    insertAll(batch, n);
  }

  private void addBloom(long h) {
    if (insert(h)) {
      bloomHits++;
    } else {
      // A new row: it could have been reported as a duplicate with this probability.
      double fill = (double) bloomBitsSet / BLOOM_BITS;
      double f2 = fill * fill; // fill^BLOOM_K, BLOOM_K = 6, without Math.pow per row
      expectedFalseHits += f2 * f2 * f2;
    }
  }

  /** {@link #insert} of each, their blocks touched first so that the cache misses overlap. */
  private void insertAll(long[] hashes, int n) {
    long sum = 0;
    for (int j = 0; j < n; j++) {
      int b = block(hashes[j]);
      sum += bloom[b] + bloom[b + 7];
    }
    touched += sum;
    for (int j = 0; j < n; j++) {
      insert(hashes[j]);
    }
  }

  /** Sets the row's bits in one 512-bit block; true when all of them were set already. */
  private boolean insert(long h) {
    int block = block(h);
    boolean present = true;
    long bits = h;
    for (int j = 0; j < BLOOM_K; j++) {
      int bit = (int) (bits & 511);
      bits = bits >>> 9;
      int word = block + (bit >>> 6);
      long maskBit = 1L << bit;
      if ((bloom[word] & maskBit) == 0) {
        present = false;
        bloom[word] |= maskBit;
        bloomBitsSet++;
      }
    }
    return present;
  }

  /** The first word of the row's 512-bit block. */
  private static int block(long h) {
    return (int) (CellKinds.mix(h) >>> (64 - (BLOOM_BITS_LOG2 - 9))) << 3;
  }

  long duplicates() {
    return exactDuplicates + Math.max(0, Math.round(bloomHits - expectedFalseHits));
  }

  boolean exact() {
    return bloom == null;
  }
}
