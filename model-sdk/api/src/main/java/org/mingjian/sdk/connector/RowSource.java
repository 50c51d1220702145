package org.mingjian.sdk.connector;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stream of rows for one load: the column names first, then one row at a time. The platform
 * matches the names to the dataset's columns (any order, any case), converts and validates each
 * value by the column's type, and rejects rows that do not fit, with {@link #position()} in the
 * reason.
 */
@ConsumerType
public interface RowSource extends AutoCloseable {

  /**
   * @return the names of the values in each row, in row order
   * @throws ConnectorException when the source cannot tell
   */
  List<String> columns() throws ConnectorException;

  /**
   * @return the next row, or {@code null} after the last. Values are {@link String}s (parsed by the
   *     column's type), {@code null}, or already typed: {@link Number}, {@link Boolean}, {@link
   *     java.time.LocalDate}, {@link java.sql.Date}. A row with a different number of values than
   *     {@link #columns()} is rejected.
   * @throws ConnectorException when reading fails; the load then FAILS and no version is created
   */
  Object[] next() throws ConnectorException;

  /**
   * @return where the row last returned by {@link #next()} is in the source, for rejection reasons
   *     (e.g. {@code "line 12"}); {@code null} to let the platform count rows
   */
  default String position() {
    return null;
  }

  /**
   * @return whether the rows are added to the dataset's current version (an incremental pull)
   *     rather than replacing it
   */
  default boolean appends() {
    return false;
  }

  /**
   * @return where the rows come from, for the version's lineage (never a secret)
   */
  default String describe() {
    return "";
  }

  /** Releases the source (file, connection, HTTP response); called once, also after failures. */
  @Override
  void close() throws ConnectorException;
}
