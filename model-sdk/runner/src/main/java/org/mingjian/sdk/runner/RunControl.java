package org.mingjian.sdk.runner;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets another thread cancel a run: sets the flag the model polls and cancels its statement in the
 * engine. An engine ignores a cancel that arrives just before the statement starts executing, so
 * the cancel is repeated until the statement is gone.
 */
public final class RunControl {
  private static final long RETRY_MS = 50;
  private volatile boolean cancelled;
  private volatile Statement current;

  /** Requests cancellation; the running statement, if any, is cancelled in the engine. */
  public void cancel() {
    cancelled = true;
    Statement s = current;
    if (s == null) {
      return;
    }
    cancelQuietly(s);
    Thread retry =
        new Thread(
            () -> {
              while (current == s) {
                cancelQuietly(s);
                try {
                  Thread.sleep(RETRY_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "mingjian-run-cancel");
    retry.setDaemon(true);
    retry.start();
  }

  private static void cancelQuietly(Statement s) {
    try {
      s.cancel();
    } catch (SQLException | RuntimeException e) {
      // the statement may have completed or been closed meanwhile; the flag still stops the run
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
