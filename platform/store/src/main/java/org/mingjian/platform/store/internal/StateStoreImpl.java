package org.mingjian.platform.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.mingjian.platform.store.SqlWork;
import org.mingjian.platform.store.StateStore;
import org.mingjian.platform.store.StoreException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store over the {@code mingjian} pax-jdbc datasource: migrates the schema at activation
 * and runs transactions.
 */
@Component(service = StateStore.class, immediate = true)
public final class StateStoreImpl implements StateStore {
  static final String DATASOURCE_FACTORY_PID = "org.ops4j.datasource";
  private static final Logger LOG = LoggerFactory.getLogger(StateStoreImpl.class);

  private final DataSource dataSource;
  private final Path home;
  private final String databaseProduct;

  /**
   * Binds only to the {@code mingjian} datasource once it has a password: on a first start without
   * one, {@link DatasourcePasswordGenerator} sets it first, so nothing ever runs against a database
   * that is about to change its credentials.
   */
  @Activate
  public StateStoreImpl(
      @Reference(target = "(&(dataSourceName=mingjian)(password=*))") DataSource dataSource,
      BundleContext context)
      throws SQLException, IOException {
    this(dataSource, homeFrom(context));
  }

  /**
   * For tests and tools: a store over any datasource, migrated at construction.
   *
   * @param dataSource the database
   * @param home the Mingjian home directory
   * @throws SQLException when migration fails
   * @throws IOException when the home cannot be created
   */
  public StateStoreImpl(DataSource dataSource, Path home) throws SQLException, IOException {
    this.dataSource = dataSource;
    this.home = Files.createDirectories(home);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      this.databaseProduct = c.getMetaData().getDatabaseProductName();
      Migrations.migrate(c);
    }
    LOG.info("State store ready, Mingjian home {}", home);
  }

  static Path homeFrom(BundleContext context) {
    String configured = context.getProperty("mingjian.home");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    String base = context.getProperty("karaf.base");
    return Path.of(base != null ? base : System.getProperty("user.dir"), "mingjian")
        .toAbsolutePath()
        .normalize();
  }

  static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Override
  public Path home() {
    return home;
  }

  @Override
  public String databaseProduct() {
    return databaseProduct;
  }

  @Override
  public <T> T inTransaction(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new StoreException("state store: " + e.getMessage(), e);
    }
  }
}
