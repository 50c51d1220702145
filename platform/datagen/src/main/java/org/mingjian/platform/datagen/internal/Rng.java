package org.mingjian.platform.datagen.internal;

/**
 * A small, fast, non-thread-safe SplitMix64 generator. Its output is fixed by this code alone, so
 * generated files are identical on every JVM and Java version. Each dataset gets its own stream.
 */
final class Rng {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /**
   * @param seed the user's seed
   * @param stream a fixed number per dataset
   * @return an independent generator for that dataset
   */
  static Rng stream(long seed, int stream) {
    return new Rng(mix(seed + GOLDEN * (stream + 1L)) ^ mix(stream * 0xD1B54A32D192ED03L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    return mix(state += GOLDEN);
  }

  /**
   * @param bound exclusive upper bound, positive
   * @return a value in {@code [0, bound)}
   */
  int nextInt(int bound) {
    return (int) ((nextLong() >>> 1) % bound);
  }

  /**
   * @param bound exclusive upper bound, positive
   * @return a value in {@code [0, bound)}
   */
  long nextLong(long bound) {
    return (nextLong() >>> 1) % bound;
  }

  /**
   * @param lo inclusive lower bound
   * @param hi inclusive upper bound
   * @return a value in {@code [lo, hi]}
   */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  /**
   * @param percent 0-100
   * @return true with that probability
   */
  boolean percent(int percent) {
    return nextInt(100) < percent;
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }

  /** Shuffles the array in place (Fisher-Yates). */
  void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int k = nextInt(i + 1);
      int t = a[i];
      a[i] = a[k];
      a[k] = t;
    }
  }

  /**
   * Builds a lookup table for weighted choice: {@code table[nextInt(table.length)]}.
   *
   * @param weights non-negative weights, one per choice
   * @return the table
   */
  static byte[] weightTable(int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    byte[] table = new byte[total];
    int pos = 0;
    for (int i = 0; i < weights.length; i++) {
      for (int k = 0; k < weights[i]; k++) {
        table[pos++] = (byte) i;
      }
    }
    return table;
  }

  int pick(byte[] weightTable) {
    return weightTable[nextInt(weightTable.length)];
  }
}
