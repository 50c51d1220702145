package org.mingjian.sdk.runner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mingjian.sdk.model.ModelException;

/** A row detached from its result set. */
final class CopiedRow extends AbstractRow {
  private final List<String> columns;
  private final Map<String, Object> values;

  CopiedRow(List<String> columns, Map<String, Object> values) {
    this.columns = columns;
    this.values = values;
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public Object get(String column) {
    String key = column.toLowerCase(Locale.ROOT);
    if (!values.containsKey(key)) {
      throw new ModelException("the query has no column '" + column + "'; it has " + columns);
    }
    return values.get(key);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
