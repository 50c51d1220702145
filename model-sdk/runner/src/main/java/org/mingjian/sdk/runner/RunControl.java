package org.mingjian.sdk.runner;

import java.sql.SQLException;
import java.sql.Statement;

/** Lets another thread cancel a run: sets the flag the model polls and cancels its statement. */
public final class RunControl {
  private volatile boolean cancelled;
  private volatile Statement current;

  /** Requests cancellation; the running statement, if any, is cancelled in the engine. */
  public void cancel() {
    cancelled = true;
    Statement s = current;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException | RuntimeException e) {
        // the statement may have completed meanwhile; the flag still stops the run
      }
    }
  }

  /**
   * @return whether cancellation was requested
   */
  public boolean isCancelled() {
    return cancelled;
  }

  void running(Statement statement) {
    this.current = statement;
    if (cancelled && statement != null) {
      cancel();
    }
  }
}
