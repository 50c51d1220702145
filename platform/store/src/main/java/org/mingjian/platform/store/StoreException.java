package org.mingjian.platform.store;

/** The state store failed; the transaction was rolled back. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   * @param cause the database error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
