package org.mingjian.platform.runtime;

/** The life of a run. */
public enum RunState {
  /** Waiting for a worker. */
  QUEUED,
  /** Executing. */
  RUNNING,
  /** Finished; its clues are recorded. */
  SUCCEEDED,
  /** The model or the engine failed; see the error. */
  FAILED,
  /** Cancelled on request. */
  CANCELLED,
  /** Stopped at its time limit. */
  TIMED_OUT;

  /**
   * @return whether the run is over
   */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
