package org.mingjian.platform.shell.internal;

/** A command line the command cannot act on: told to the user as is, nothing was changed. */
final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message a sentence for the user
   */
  UsageException(String message) {
    super(message);
  }
}
