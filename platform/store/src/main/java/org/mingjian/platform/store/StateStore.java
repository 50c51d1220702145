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
   * Runs work in one transaction: committed when it returns, rolled back when it throws.
   *
   * @param work the work
   * @param <T> its result
   * @return the work's result
   * @throws StoreException when the database fails
   */
  <T> T inTransaction(SqlWork<T> work);
}
