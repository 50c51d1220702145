package org.mingjian.sdk.descriptor;

/**
 * Sensitivity grade of a column or clue field. PERSONAL and SENSITIVE leave the platform masked.
 */
public enum Sensitivity {
  /** Anyone may see it. */
  PUBLIC,
  /** Staff only, not personal. */
  INTERNAL,
  /** Identifies a person: ID number, name, phone, address. */
  PERSONAL,
  /** Personal plus criminal, health or financial detail. */
  SENSITIVE;

  /**
   * @return whether values of this grade are masked unless revealed
   */
  public boolean isMasked() {
    return this == PERSONAL || this == SENSITIVE;
  }
}
