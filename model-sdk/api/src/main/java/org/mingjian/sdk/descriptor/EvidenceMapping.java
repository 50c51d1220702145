package org.mingjian.sdk.descriptor;

import java.util.Map;

/**
 * How a SQL-only model's result row becomes one piece of evidence.
 *
 * @param dataset the logical dataset the evidence row comes from
 * @param key the result column holding the row key
 * @param fields evidence field (a column name of the dataset) to result column
 */
public record EvidenceMapping(String dataset, String key, Map<String, String> fields) {
  /** Copies the field map, keeping its order. */
  public EvidenceMapping {
    fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
  }
}
