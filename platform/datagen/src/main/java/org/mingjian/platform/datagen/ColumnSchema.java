package org.mingjian.platform.datagen;

import java.util.Objects;
import java.util.Set;

/**
 * One column of a generated dataset.
 *
 * @param name the CSV header and SQL column name, e.g. {@code person_id}
 * @param sqlType one of {@link #VARCHAR}, {@link #DATE}, {@link #DECIMAL_14_2}, {@link #INTEGER}
 * @param sensitivity one of {@link #PUBLIC}, {@link #INTERNAL}, {@link #PERSONAL}, {@link
 *     #SENSITIVE} (the names of the SDK's {@code Sensitivity} constants)
 * @param description a short Chinese description for the catalogue
 */
public record ColumnSchema(String name, String sqlType, String sensitivity, String description) {

  /** SQL type of text columns. */
  public static final String VARCHAR = "VARCHAR";

  /** SQL type of date columns (CSV: ISO {@code yyyy-MM-dd}). */
  public static final String DATE = "DATE";

  /** SQL type of money columns (CSV: plain decimal with two digits, e.g. {@code 1234.50}). */
  public static final String DECIMAL_14_2 = "DECIMAL(14,2)";

  /** SQL type of whole-number columns. */
  public static final String INTEGER = "INTEGER";

  /** Anyone may see it. */
  public static final String PUBLIC = "PUBLIC";

  /** Staff only, not personal. */
  public static final String INTERNAL = "INTERNAL";

  /** Identifies a person. */
  public static final String PERSONAL = "PERSONAL";

  /** Personal plus criminal, health or financial detail. */
  public static final String SENSITIVE = "SENSITIVE";

  private static final Set<String> TYPES = Set.of(VARCHAR, DATE, DECIMAL_14_2, INTEGER);
  private static final Set<String> GRADES = Set.of(PUBLIC, INTERNAL, PERSONAL, SENSITIVE);

  /** Checks the type and grade are known ones. */
  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!TYPES.contains(sqlType)) {
      throw new IllegalArgumentException("unknown SQL type " + sqlType + " for " + name);
    }
    if (!GRADES.contains(sensitivity)) {
      throw new IllegalArgumentException("unknown sensitivity " + sensitivity + " for " + name);
    }
  }
}
