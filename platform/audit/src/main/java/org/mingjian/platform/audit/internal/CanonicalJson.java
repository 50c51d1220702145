package org.mingjian.platform.audit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Details as canonical JSON: plain JSON values only, map keys sorted (Java string order), no
 * whitespace. The stored text is what is hashed, so it is written once and never re-encoded.
 */
final class CanonicalJson {
  static final int MAX_DEPTH = 32;
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private CanonicalJson() {}

  /**
   * @param details the event's details
   * @return their canonical JSON
   * @throws IllegalArgumentException when they cannot be written
   */
  static String write(Map<String, Object> details) {
    try {
      return JSON.writeValueAsString(normalize(details, 0));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON", e);
    }
  }

  /**
   * @param json stored details
   * @return them as an unmodifiable map
   */
  static Map<String, Object> read(String json) {
    try {
      return Collections.unmodifiableMap(JSON.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored audit details are not JSON: " + e.getMessage(), e);
    }
  }

  static Object normalize(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("audit details nest deeper than " + MAX_DEPTH);
    }
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? (Object) d : Double.toString(d);
    }
    if (v instanceof BigInteger || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof CharSequence
        || v instanceof Character
        || v instanceof Enum<?>
        || v instanceof TemporalAccessor
        || v instanceof java.util.UUID
        || v instanceof java.net.URI
        || v instanceof java.nio.file.Path) {
      return v instanceof Enum<?> e ? e.name() : v.toString();
    }
    if (v instanceof Optional<?> o) {
      return normalize(o.orElse(null), depth);
    }
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> out = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        if (out.containsKey(key)) {
          throw new IllegalArgumentException("audit details have the key '" + key + "' twice");
        }
        out.put(key, normalize(e.getValue(), depth + 1));
      }
      return out;
    }
    if (v instanceof Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      for (Object o : it) {
        out.add(normalize(o, depth + 1));
      }
      return out;
    }
    if (v instanceof byte[] b) {
      return java.util.Base64.getEncoder().encodeToString(b);
    }
    if (v.getClass().isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        out.add(normalize(Array.get(v, i), depth + 1));
      }
      return out;
    }
    // records and beans as Jackson sees them, anything else as its text
    Object converted;
    try {
      converted = JSON.convertValue(v, Object.class);
    } catch (IllegalArgumentException e) {
      return v.toString();
    }
    if (converted == null || converted instanceof Map || converted instanceof List) {
      return normalize(converted, depth + 1);
    }
    return v.toString();
  }
}
