package org.mingjian.platform.clues;

import java.util.List;

/** A workflow step on clues that was refused; nothing was changed. */
public final class ClueWorkflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a step was refused. */
  public enum Kind {
    /** the clue does not exist */
    NOT_FOUND,
    /** the transition is not allowed from the clue's current state */
    CONFLICT,
    /** the request itself is wrong: unknown state, missing or unknown disposition or assignee */
    INVALID
  }

  private final Kind kind;
  private final List<String> clueIds;

  /**
   * @param kind why
   * @param message what to tell the user
   * @param clueIds the clues concerned
   */
  public ClueWorkflowException(Kind kind, String message, List<String> clueIds) {
    super(message);
    this.kind = kind;
    this.clueIds = List.copyOf(clueIds);
  }

  /**
   * @return why
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return the clues concerned (for a bulk transition: the ones that could not move)
   */
  public List<String> clueIds() {
    return clueIds;
  }
}
