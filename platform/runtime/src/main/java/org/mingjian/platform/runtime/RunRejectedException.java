package org.mingjian.platform.runtime;

import java.util.Map;

/** A run request the engine refuses, and why. */
public class RunRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a run is refused. */
  public enum Reason {
    /** No model with that id is registered and runnable. */
    UNKNOWN_MODEL,
    /** The model is not switched on for the district. */
    NOT_ENABLED,
    /** The parameters do not fit the descriptor. */
    INVALID_PARAMETERS,
    /**
     * The model is quarantined after ignoring its time limit; a city administrator re-enables it.
     */
    QUARANTINED,
    /** A re-run cannot repeat its original's inputs: a dataset version or the bundle is gone. */
    NOT_REPRODUCIBLE,
    /** A schedule's cron expression is not valid Quartz cron syntax. */
    INVALID_SCHEDULE
  }

  private final Reason reason;
  private final transient Map<String, String> details;

  /**
   * @param reason the reason
   * @param message for the caller
   * @param details per-field reasons
   */
  public RunRejectedException(Reason reason, String message, Map<String, String> details) {
    super(message);
    this.reason = reason;
    this.details = Map.copyOf(details);
  }

  /**
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * @return per-field reasons
   */
  public Map<String, String> details() {
    return details;
  }
}
