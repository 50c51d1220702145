package org.mingjian.platform.store;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's relational state (users, catalog, runs, clues) and its home directory. Available
 * as a service once the schema is migrated.
 */
@ProviderType
public interface StateStore {

  /**
   * @return the Mingjian home directory (state, artifacts, data pool); never inside Karaf's {@code
   *     data/}
   */
  Path home();

  /**
   * @return the database's product name as its JDBC driver reports it: {@code "H2"} for the
   *     embedded default, {@code "PostgreSQL"} for real deployments. For the few settings that
   *     differ between them; the SQL itself is written in their common subset.
   */
  String databaseProduct();

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws.
   *
   * @param work the work
   * @param <T> its result
   * @return the work's result
   * @throws StoreException when the database fails
   */
  <T> T inTransaction(SqlWork<T> work);
}
