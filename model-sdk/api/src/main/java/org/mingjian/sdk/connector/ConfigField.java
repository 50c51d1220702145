package org.mingjian.sdk.connector;

import java.util.Objects;

/**
 * One field of a connector's configuration.
 *
 * @param name the field name, e.g. {@code file} or {@code query}
 * @param type the value's type
 * @param required whether a load must give it
 * @param secret whether the value is confidential: the platform neither logs, audits nor shows it
 * @param description what it means, for stewards
 */
public record ConfigField(
    String name, Type type, boolean required, boolean secret, String description) {

  /** The type of a configuration value. */
  public enum Type {
    /** Text. */
    STRING,
    /** A whole number, handed to the connector as a {@link Long}. */
    INTEGER,
    /** {@code true} or {@code false}, handed to the connector as a {@link Boolean}. */
    BOOLEAN,
    /** An object of strings, e.g. a mapping of columns to source fields. */
    MAP
  }

  /** Checks the name and type. */
  public ConfigField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
  }

  /**
   * @param name the field name
   * @param type its type
   * @param description what it means
   * @return a required, non-secret field
   */
  public static ConfigField required(String name, Type type, String description) {
    return new ConfigField(name, type, true, false, description);
  }

  /**
   * @param name the field name
   * @param type its type
   * @param description what it means
   * @return an optional, non-secret field
   */
  public static ConfigField optional(String name, Type type, String description) {
    return new ConfigField(name, type, false, false, description);
  }
}
