package org.mingjian.platform.data;

/**
 * A load that failed: no row could be loaded, the source failed or could not be decoded mid-way, or
 * the load was cancelled. No version was created; the result holds the counts so far and the
 * reasons, the first of which is why the load failed.
 */
public final class LoadRejectedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient LoadResult result;

  /**
   * @param message what went wrong
   * @param result the counts and reasons (version is the still-current one, {@code created} false)
   */
  public LoadRejectedException(String message, LoadResult result) {
    super(message);
    this.result = result;
  }

  /**
   * @return the counts and the first rejection reasons
   */
  public LoadResult result() {
    return result;
  }
}
