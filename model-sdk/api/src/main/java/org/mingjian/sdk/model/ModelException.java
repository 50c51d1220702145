package org.mingjian.sdk.model;

/** A model used its context wrongly, or the data engine refused a query. */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, for the run's error
   */
  public ModelException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, for the run's error
   * @param cause the underlying failure
   */
  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
