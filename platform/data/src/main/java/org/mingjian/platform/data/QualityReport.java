package org.mingjian.platform.data;

import java.util.List;

/**
 * The quality report of a loaded version, computed when it was loaded.
 *
 * @param dataset the dataset
 * @param version the version
 * @param keyColumn the column checked for duplicates
 * @param columns one entry per column, in the dataset's order
 */
public record QualityReport(
    String dataset, int version, String keyColumn, List<ColumnQuality> columns) {
  /** Copies the columns. */
  public QualityReport {
    columns = List.copyOf(columns);
  }
}
