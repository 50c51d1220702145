package org.mingjian.sdk.runner;

import java.util.Map;

/** Run parameters that do not fit the descriptor; maps each offending parameter to the reason. */
public class InvalidParametersException extends Exception {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> problems;

  /**
   * @param problems parameter name to reason
   */
  public InvalidParametersException(Map<String, String> problems) {
    super("invalid parameters: " + problems);
    this.problems = Map.copyOf(problems);
  }

  /**
   * @return parameter name to reason
   */
  public Map<String, String> problems() {
    return problems;
  }
}
