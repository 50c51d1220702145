package org.mingjian.sdk.runner;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.ParameterType;
import org.mingjian.sdk.model.Parameters;

/** Checks run parameters against a descriptor and fills in defaults. */
public final class ParameterBinder {
  private ParameterBinder() {}

  /**
   * @param descriptor the model's descriptor
   * @param given parameters as they came in (JSON numbers, strings, booleans); may be null
   * @return typed parameters, one per declared parameter
   * @throws InvalidParametersException naming every unknown, mistyped or out-of-bounds parameter
   */
  public static Parameters bind(ModelDescriptor descriptor, Map<String, ?> given)
      throws InvalidParametersException {
    Map<String, ?> in = given == null ? Map.of() : given;
    Map<String, String> problems = new TreeMap<>();
    for (String name : in.keySet()) {
      if (descriptor.parameter(name).isEmpty()) {
        problems.put(name, "the model has no parameter '" + name + "'");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterSpec spec : descriptor.parameters()) {
      Object raw = in.get(spec.name());
      if (raw == null) {
        values.put(spec.name(), spec.defaultValue());
        continue;
      }
      try {
        Object v = convert(spec.type(), raw);
        checkBounds(spec.min(), spec.max(), v);
        values.put(spec.name(), v);
      } catch (IllegalArgumentException e) {
        problems.put(spec.name(), e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidParametersException(problems);
    }
    return new BoundParameters(values);
  }

  static Object convert(ParameterType type, Object raw) {
    switch (type) {
      case INTEGER:
        if (raw instanceof Number n) {
          BigDecimal d = new BigDecimal(n.toString());
          try {
            return d.longValueExact();
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException("expected a whole number, got " + raw);
          }
        }
        if (raw instanceof String s) {
          try {
            return Long.parseLong(s.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, got '" + s + "'");
          }
        }
        throw new IllegalArgumentException("expected a whole number, got " + describe(raw));
      case DECIMAL:
        if (raw instanceof Number n) {
          return new BigDecimal(n.toString());
        }
        if (raw instanceof String s) {
          try {
            return new BigDecimal(s.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, got '" + s + "'");
          }
        }
        throw new IllegalArgumentException("expected a number, got " + describe(raw));
      case BOOLEAN:
        if (raw instanceof Boolean b) {
          return b;
        }
        if ("true".equals(raw) || "false".equals(raw)) {
          return Boolean.valueOf((String) raw);
        }
        throw new IllegalArgumentException("expected true or false, got " + describe(raw));
      case DATE:
        if (raw instanceof LocalDate d) {
          return d;
        }
        if (raw instanceof String s) {
          try {
            return LocalDate.parse(s.trim());
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date yyyy-MM-dd, got '" + s + "'");
          }
        }
        throw new IllegalArgumentException("expected a date yyyy-MM-dd, got " + describe(raw));
      case STRING:
        if (raw instanceof String s) {
          if (s.length() > 1000) {
            throw new IllegalArgumentException("text longer than 1000 characters");
          }
          return s;
        }
        throw new IllegalArgumentException("expected text, got " + describe(raw));
      default:
        throw new IllegalArgumentException("unsupported type " + type);
    }
  }

  static void checkBounds(Double min, Double max, Object value) {
    if (!(value instanceof Number)) {
      return;
    }
    BigDecimal v = new BigDecimal(value.toString());
    if (min != null && v.compareTo(BigDecimal.valueOf(min)) < 0) {
      throw new IllegalArgumentException(value + " is below the minimum " + format(min));
    }
    if (max != null && v.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(value + " is above the maximum " + format(max));
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String describe(Object raw) {
    if (raw instanceof Map) {
      return "an object";
    }
    if (raw instanceof java.util.Collection) {
      return "a list";
    }
    return raw instanceof String ? "'" + raw + "'" : String.valueOf(raw);
  }

  private static final class BoundParameters implements Parameters {
    private final Map<String, Object> values;

    BoundParameters(Map<String, Object> values) {
      this.values = Collections.unmodifiableMap(values);
    }

    @Override
    public Object get(String name) {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("the model declares no parameter '" + name + "'");
      }
      return values.get(name);
    }

    private <T> T typed(String name, Class<T> type) {
      Object v = get(name);
      if (!type.isInstance(v)) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' is not of type " + type.getSimpleName());
      }
      return type.cast(v);
    }

    @Override
    public long getLong(String name) {
      return typed(name, Long.class);
    }

    @Override
    public int getInt(String name) {
      return Math.toIntExact(getLong(name));
    }

    @Override
    public BigDecimal getDecimal(String name) {
      return typed(name, BigDecimal.class);
    }

    @Override
    public String getString(String name) {
      return typed(name, String.class);
    }

    @Override
    public boolean getBoolean(String name) {
      return typed(name, Boolean.class);
    }

    @Override
    public LocalDate getDate(String name) {
      return typed(name, LocalDate.class);
    }

    @Override
    public Map<String, Object> asMap() {
      return values;
    }

    @Override
    public String toString() {
      return values.toString();
    }
  }
}
