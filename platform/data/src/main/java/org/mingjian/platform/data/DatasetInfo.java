package org.mingjian.platform.data;

import java.time.Instant;
import java.util.Optional;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * A registered dataset and its current version.
 *
 * @param definition the schema and governance facts
 * @param currentVersion the version models read, or {@code null} before the first load
 * @param rows rows in the current version
 * @param loadedAt when the current version was loaded, or {@code null}
 */
public record DatasetInfo(
    DatasetDefinition definition, Integer currentVersion, long rows, Instant loadedAt) {

  /**
   * @return whether every district sees all rows
   */
  public boolean cityWide() {
    return definition.districtColumn() == null;
  }

  /**
   * @param column a column name
   * @return its grade, if the column exists
   */
  public Optional<Sensitivity> sensitivity(String column) {
    return definition.columns().stream()
        .filter(c -> c.name().equals(column))
        .map(ColumnInfo::sensitivity)
        .findFirst();
  }
}
