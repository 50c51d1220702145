package org.mingjian.platform.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Small JDBC helpers shared by the platform's stores. */
public final class Jdbc {
  private Jdbc() {}

  /**
   * Binds values in order; {@link Instant} becomes a timestamp.
   *
   * @param ps the statement
   * @param values the values
   * @return the statement
   * @throws SQLException when binding fails
   */
  public static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setTimestamp(i + 1, Timestamp.from(t));
      } else {
        ps.setObject(i + 1, v);
      }
    }
    return ps;
  }

  /**
   * @param rs a result set
   * @param column a timestamp column
   * @return the instant, or {@code null}
   * @throws SQLException when reading fails
   */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
