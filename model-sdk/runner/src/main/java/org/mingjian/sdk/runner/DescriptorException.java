package org.mingjian.sdk.runner;

import java.util.List;

/** A model descriptor could not be read or is invalid; lists every problem found. */
public class DescriptorException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  /**
   * @param problems one readable line per problem, naming the offending field
   */
  public DescriptorException(List<String> problems) {
    super("invalid model descriptor: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * @return one readable line per problem
   */
  public List<String> problems() {
    return problems;
  }
}
