package org.mingjian.sdk.descriptor;

import java.util.List;

/**
 * One dataset a model reads, and the only columns it may read from it.
 *
 * @param name the logical dataset name, e.g. {@code civil_judgments}
 * @param columns the columns read
 */
public record DatasetContract(String name, List<String> columns) {
  /** Copies the column list. */
  public DatasetContract {
    columns = List.copyOf(columns);
  }
}
