package org.mingjian.sdk.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A run's parameters, validated against the descriptor: every declared parameter has a value of its
 * declared type (the default when the caller gave none).
 */
@ProviderType
public interface Parameters {

  /**
   * @param name a declared parameter
   * @return its value
   * @throws IllegalArgumentException if the descriptor declares no such parameter
   */
  Object get(String name);

  /**
   * @param name an INTEGER parameter
   * @return its value
   */
  long getLong(String name);

  /**
   * @param name an INTEGER parameter
   * @return its value
   */
  int getInt(String name);

  /**
   * @param name a DECIMAL parameter
   * @return its value
   */
  BigDecimal getDecimal(String name);

  /**
   * @param name a STRING parameter
   * @return its value
   */
  String getString(String name);

  /**
   * @param name a BOOLEAN parameter
   * @return its value
   */
  boolean getBoolean(String name);

  /**
   * @param name a DATE parameter
   * @return its value
   */
  LocalDate getDate(String name);

  /**
   * @return all parameters by name, in declaration order
   */
  Map<String, Object> asMap();
}
