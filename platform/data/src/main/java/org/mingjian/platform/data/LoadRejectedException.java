package org.mingjian.platform.data;

/** A load refused because no row of the file could be loaded; no version was created. */
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
