package org.mingjian.platform.audit;

/**
 * An event could not be made part of the audit chain (database failure, shutdown, time-out, or a
 * conflicting writer). When it is thrown by an append, the caller must treat the audited action as
 * not audited.
 */
public class AuditException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed
   */
  public AuditException(String message) {
    super(message);
  }

  /**
   * @param message what failed
   * @param cause why
   */
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
