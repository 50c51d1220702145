package org.mingjian.sdk.model;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the rows of {@link ModelContext#query}. */
@ConsumerType
@FunctionalInterface
public interface RowHandler {
  /**
   * @param row the current row; valid only during this call
   * @return {@code true} to go on reading, {@code false} to stop
   * @throws Exception to fail the run
   */
  boolean row(Row row) throws Exception;
}
