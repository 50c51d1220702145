package org.mingjian.platform.data;

import java.time.LocalDate;
import java.util.List;

/**
 * What a data steward registers: a dataset's schema and governance facts.
 *
 * @param name the logical name models use
 * @param description what it holds
 * @param owner the department that owns it
 * @param districtColumn the district column, or {@code null} for a city-wide dataset
 * @param keyColumn the column identifying a row (used as evidence key)
 * @param columns the columns, in order
 * @param purpose why the platform holds it (purpose limitation), or {@code null}
 * @param retentionUntil the date after which it must not be kept, or {@code null}
 */
public record DatasetDefinition(
    String name,
    String description,
    String owner,
    String districtColumn,
    String keyColumn,
    List<ColumnInfo> columns,
    String purpose,
    LocalDate retentionUntil) {
  /** Copies the columns. */
  public DatasetDefinition {
    columns = List.copyOf(columns);
  }

  /**
   * A definition without purpose and retention.
   *
   * @param name the logical name models use
   * @param description what it holds
   * @param owner the department that owns it
   * @param districtColumn the district column, or {@code null} for a city-wide dataset
   * @param keyColumn the column identifying a row
   * @param columns the columns, in order
   */
  public DatasetDefinition(
      String name,
      String description,
      String owner,
      String districtColumn,
      String keyColumn,
      List<ColumnInfo> columns) {
    this(name, description, owner, districtColumn, keyColumn, columns, null, null);
  }
}
