package org.mingjian.platform.datagen;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The schema of one generated dataset.
 *
 * @param name the logical dataset name, e.g. {@code civil_judgments}
 * @param fileName the CSV file the generator writes, e.g. {@code civil_judgments.csv}
 * @param description a short Chinese description
 * @param ownerDepartment the department that owns the data, e.g. {@code 北京市高级人民法院}
 * @param districtColumn the column holding the 6-digit district code, or {@code null} for a
 *     city-wide dataset
 * @param rowKeyColumn the column that identifies a row
 * @param columns the columns, in CSV order
 */
public record DatasetSchema(
    String name,
    String fileName,
    String description,
    String ownerDepartment,
    String districtColumn,
    String rowKeyColumn,
    List<ColumnSchema> columns) {

  /** Copies the columns and checks the district and row-key columns exist. */
  public DatasetSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(ownerDepartment, "ownerDepartment");
    Objects.requireNonNull(rowKeyColumn, "rowKeyColumn");
    columns = List.copyOf(columns);
    if (columns.stream().noneMatch(c -> c.name().equals(rowKeyColumn))) {
      throw new IllegalArgumentException("no row-key column " + rowKeyColumn + " in " + name);
    }
    if (districtColumn != null
        && columns.stream().noneMatch(c -> c.name().equals(districtColumn))) {
      throw new IllegalArgumentException("no district column " + districtColumn + " in " + name);
    }
  }

  /**
   * @return whether the dataset has no district column (every district sees all of it)
   */
  public boolean isCityWide() {
    return districtColumn == null;
  }

  /**
   * @return the column names, in CSV order
   */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(columns.size());
    for (ColumnSchema c : columns) {
      names.add(c.name());
    }
    return List.copyOf(names);
  }

  /**
   * @param columnName a column name
   * @return that column, empty if there is none
   */
  public Optional<ColumnSchema> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
