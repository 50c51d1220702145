package org.mingjian.sdk.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A run's log. Messages use {@code {}} placeholders, filled with the arguments in order. Do not log
 * personal data: the log is shown to operators unmasked.
 */
@ProviderType
public interface RunLog {
  /**
   * @param message the message, with {@code {}} placeholders
   * @param args the placeholder values
   */
  void info(String message, Object... args);

  /**
   * @param message the message, with {@code {}} placeholders
   * @param args the placeholder values
   */
  void warn(String message, Object... args);
}
