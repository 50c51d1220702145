package org.mingjian.sdk.runner;

import org.mingjian.sdk.model.Clue;

/** What a run reports back while it executes. */
public interface RunListener {
  /**
   * A clue the model emitted, already checked.
   *
   * @param clue the clue, its district set to the run's district
   */
  void clue(Clue clue);

  /**
   * @param fraction 0..1
   */
  default void progress(double fraction) {}

  /**
   * @param level INFO or WARN
   * @param message the formatted message
   */
  default void log(String level, String message) {}
}
