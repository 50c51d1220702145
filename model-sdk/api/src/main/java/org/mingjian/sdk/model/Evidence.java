package org.mingjian.sdk.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row that supports a clue: the logical dataset, the row's key and the fields a prosecutor
 * needs to see. Field names should be the dataset's column names, so the platform can mask them by
 * the column's sensitivity grade.
 */
public final class Evidence {
  private final String dataset;
  private final String rowKey;
  private final Map<String, Object> fields;

  private Evidence(String dataset, String rowKey, Map<String, Object> fields) {
    this.dataset = requireText(dataset, "dataset");
    this.rowKey = requireText(rowKey, "rowKey");
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * @param dataset the logical dataset name
   * @param rowKey the key of the row in that dataset
   * @return evidence without fields
   */
  public static Evidence of(String dataset, String rowKey) {
    return new Evidence(dataset, rowKey, Map.of());
  }

  /**
   * @param name a column of the dataset
   * @param value its value in the row (may be {@code null})
   * @return a copy of this evidence with the field added
   */
  public Evidence with(String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(requireText(name, "field name"), value);
    return new Evidence(dataset, rowKey, copy);
  }

  /**
   * @return the logical dataset name
   */
  public String dataset() {
    return dataset;
  }

  /**
   * @return the key of the row in the dataset
   */
  public String rowKey() {
    return rowKey;
  }

  /**
   * @return the fields, in the order they were added
   */
  public Map<String, Object> fields() {
    return fields;
  }

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence e
        && dataset.equals(e.dataset)
        && rowKey.equals(e.rowKey)
        && fields.equals(e.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dataset, rowKey, fields);
  }

  @Override
  public String toString() {
    return dataset + "[" + rowKey + "]";
  }
}
