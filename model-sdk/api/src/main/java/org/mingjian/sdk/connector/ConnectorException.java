package org.mingjian.sdk.connector;

/** A connector could not open or read its source. The message is shown to data stewards. */
public class ConnectorException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, without secrets
   */
  public ConnectorException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, without secrets
   * @param cause the underlying failure
   */
  public ConnectorException(String message, Throwable cause) {
    super(message, cause);
  }
}
