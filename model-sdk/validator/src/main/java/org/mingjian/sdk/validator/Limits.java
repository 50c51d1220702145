package org.mingjian.sdk.validator;

/**
 * Size limits for an uploaded bundle.
 *
 * @param maxJarBytes the largest accepted jar file
 * @param maxUncompressedBytes the largest total of inflated entry bytes
 * @param maxEntries the largest number of entries
 * @param maxCompressionRatio the largest inflated/compressed ratio of a single entry
 */
public record Limits(
    long maxJarBytes, long maxUncompressedBytes, int maxEntries, int maxCompressionRatio) {
  private static final long MIB = 1024L * 1024L;

  /** Rejects limits that are not positive. */
  public Limits {
    if (maxJarBytes <= 0
        || maxUncompressedBytes <= 0
        || maxEntries <= 0
        || maxCompressionRatio <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /**
   * @return 20 MiB jar, 100 MiB inflated, 5000 entries, ratio 100
   */
  public static Limits defaults() {
    return new Limits(20 * MIB, 100 * MIB, 5000, 100);
  }
}
