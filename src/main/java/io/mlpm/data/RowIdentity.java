package io.mlpm.data;

import org.apache.datasketches.hash.MurmurHash3;

/**
 * The 128-bit identity of a row's kept cells (MurmurHash3, seeded by the preparation seed): equal
 * cells give an equal identity, so identical rows are recognized as duplicates and always fall in
 * the same part of a split. Each cell is written with its length (a missing cell has its own
 * marker), so "a,bc" and "ab,c" differ. Not thread-safe: one per pass.
 */
final class RowIdentity {

  private static final char MISSING = '\uFFFF';

  private final int[] kept;
  private final long seed;
  private char[] key = new char[256];
  private long high;
  private long low;

  /** @param kept the indices of the columns that make up the identity, in order */
  RowIdentity(int[] kept, long seed) {
    this.kept = kept.clone();
    this.seed = seed;
  }

  /** Computes the identity of the row; read it with {@link #high()} and {@link #low()}. */
  void of(char[] text, int[] starts, int[] ends) {
    int used = 0;
    for (int c : kept) {
      int n = ends[c] - starts[c];
      if (used + n + 2 > key.length) {
        key = java.util.Arrays.copyOf(key, Math.max(key.length * 2, used + n + 2));
      }
      if (n == 0) {
        key[used++] = MISSING;
        key[used++] = MISSING;
      } else {
        key[used++] = (char) (n >>> 16);
        key[used++] = (char) n;
        System.arraycopy(text, starts[c], key, used, n);
        used += n;
      }
    }
    long[] h = MurmurHash3.hash(key, 0, used, seed);
    high = h[0];
    low = h[1];
  }

  /** The first 64 bits: also the row's position in the split (uniform over the unsigned longs). */
  long high() {
    return high;
  }

  long low() {
    return low;
  }
}
