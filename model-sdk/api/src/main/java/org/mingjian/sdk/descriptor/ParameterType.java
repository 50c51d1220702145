package org.mingjian.sdk.descriptor;

/** Types a model parameter can have. */
public enum ParameterType {
  /** A whole number (Java {@code long}). */
  INTEGER,
  /** A decimal number (Java {@code BigDecimal}). */
  DECIMAL,
  /** Text. */
  STRING,
  /** {@code true} or {@code false}. */
  BOOLEAN,
  /** An ISO-8601 date, {@code yyyy-MM-dd}. */
  DATE
}
