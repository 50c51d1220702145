package org.mingjian.sdk.validator;

/** The outcome of one check. */
public enum Outcome {
  /** The check found nothing wrong. */
  PASS,
  /** Acceptable, but worth a look. */
  WARN,
  /** The bundle must be refused. */
  FAIL,
  /** Not run: it does not apply, or an earlier failure makes it meaningless. */
  SKIP
}
