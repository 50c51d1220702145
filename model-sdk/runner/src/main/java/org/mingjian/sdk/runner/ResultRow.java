package org.mingjian.sdk.runner;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.model.Row;

/** A {@link Row} over the current row of a result set. */
final class ResultRow extends AbstractRow {
  private final ResultSet rs;
  private final List<String> columns;
  private final Map<String, Integer> index = new HashMap<>();

  ResultRow(ResultSet rs) throws SQLException {
    this.rs = rs;
    ResultSetMetaData md = rs.getMetaData();
    List<String> cols = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
      cols.add(label);
      index.putIfAbsent(label, i);
    }
    this.columns = Collections.unmodifiableList(cols);
  }

  @Override
  public List<String> columns() {
    return columns;
  }

  @Override
  public Object get(String column) {
    Integer i = index.get(column.toLowerCase(Locale.ROOT));
    if (i == null) {
      throw new ModelException("the query has no column '" + column + "'; it has " + columns);
    }
    try {
      return normalize(rs.getObject(i));
    } catch (SQLException e) {
      throw new ModelException("cannot read column '" + column + "': " + e.getMessage(), e);
    }
  }

  static Object normalize(Object v) {
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return o.toLocalDateTime();
    }
    if (v instanceof java.math.BigInteger b) {
      return new BigDecimal(b);
    }
    return v;
  }

  /** A detached copy, for {@link org.mingjian.sdk.model.ModelContext#queryForList}. */
  Row copy() {
    Map<String, Object> values = new java.util.LinkedHashMap<>();
    for (String c : columns) {
      values.putIfAbsent(c, get(c));
    }
    return new CopiedRow(columns, values);
  }
}
