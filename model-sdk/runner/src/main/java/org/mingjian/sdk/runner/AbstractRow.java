package org.mingjian.sdk.runner;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.model.Row;

/** The typed getters of {@link Row}, over {@link #get(String)}. */
abstract class AbstractRow implements Row {

  @Override
  public String getString(String column) {
    Object v = get(column);
    return v == null ? null : v.toString();
  }

  @Override
  public Long getLong(String column) {
    Object v = get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ModelException("column '" + column + "' is not a whole number: " + v);
    }
  }

  @Override
  public Double getDouble(String column) {
    Object v = get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ModelException("column '" + column + "' is not a number: " + v);
    }
  }

  @Override
  public BigDecimal getDecimal(String column) {
    Object v = get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal b) {
      return b;
    }
    try {
      return new BigDecimal(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ModelException("column '" + column + "' is not a number: " + v);
    }
  }

  @Override
  public LocalDate getDate(String column) {
    Object v = get(column);
    if (v == null) {
      return null;
    }
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof java.time.LocalDateTime t) {
      return t.toLocalDate();
    }
    try {
      return LocalDate.parse(v.toString().trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new ModelException("column '" + column + "' is not a date: " + v);
    }
  }
}
