package org.mingjian.sdk.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** One result row of a model query. Column names are matched case-insensitively. */
@ProviderType
public interface Row {

  /**
   * @return the column labels, in query order
   */
  List<String> columns();

  /**
   * @param column a column label
   * @return the value as the engine returned it, or {@code null}
   * @throws ModelException if the row has no such column
   */
  Object get(String column);

  /**
   * @param column a column label
   * @return the value as text, or {@code null}
   */
  String getString(String column);

  /**
   * @param column a numeric column
   * @return the value as a long, or {@code null}
   */
  Long getLong(String column);

  /**
   * @param column a numeric column
   * @return the value as a double, or {@code null}
   */
  Double getDouble(String column);

  /**
   * @param column a numeric column
   * @return the value as a decimal, or {@code null}
   */
  BigDecimal getDecimal(String column);

  /**
   * @param column a date column
   * @return the value as a date, or {@code null}
   */
  LocalDate getDate(String column);
}
