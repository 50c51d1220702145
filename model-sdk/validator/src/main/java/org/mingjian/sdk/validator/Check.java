package org.mingjian.sdk.validator;

import java.util.Objects;

/**
 * One line of a validation report.
 *
 * @param check the stable check name, e.g. {@code archive} or {@code bytecode}
 * @param outcome what the check found
 * @param message a sentence for a district technician: what is wrong and where
 */
public record Check(String check, Outcome outcome, String message) {
  /** Rejects nulls. */
  public Check {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return outcome + " " + check + ": " + message;
  }
}
