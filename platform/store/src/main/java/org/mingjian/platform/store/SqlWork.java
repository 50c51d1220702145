package org.mingjian.platform.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Work against the state store's connection.
 *
 * @param <T> the result
 */
@ConsumerType
@FunctionalInterface
public interface SqlWork<T> {
  /**
   * @param connection a connection in a transaction; do not commit or close it
   * @return the result
   * @throws SQLException to roll back
   */
  T apply(Connection connection) throws SQLException;
}
