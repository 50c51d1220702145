package org.mingjian.platform.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Dictionary;
import java.util.Locale;
import javax.sql.DataSource;
import org.mingjian.platform.store.SqlWork;
import org.mingjian.platform.store.StateStore;
import org.mingjian.platform.store.StoreException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store over the {@code mingjian} pax-jdbc datasource. At activation it gives an embedded
 * H2 database a generated password when the datasource configuration has none (the configuration is
 * updated, so the datasource comes back with it), and migrates the schema.
 */
@Component(service = StateStore.class, immediate = true)
public final class StateStoreImpl implements StateStore {
  static final String DATASOURCE_FACTORY_PID = "org.ops4j.datasource";
  private static final Logger LOG = LoggerFactory.getLogger(StateStoreImpl.class);

  private final DataSource dataSource;
  private final Path home;

  @Activate
  public StateStoreImpl(
      @Reference(target = "(dataSourceName=mingjian)") DataSource dataSource,
      @Reference ConfigurationAdmin configAdmin,
      BundleContext context)
      throws SQLException, IOException {
    this(dataSource, homeFrom(context));
    generatePasswordIfAbsent(configAdmin);
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

  private void generatePasswordIfAbsent(ConfigurationAdmin configAdmin)
      throws IOException, SQLException {
    Configuration cfg;
    try {
      Configuration[] found =
          configAdmin.listConfigurations(
              "(&(service.factoryPid=" + DATASOURCE_FACTORY_PID + ")(dataSourceName=mingjian))");
      if (found == null || found.length == 0) {
        return;
      }
      cfg = found[0];
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
    Dictionary<String, Object> props = cfg.getProperties();
    Object url = props.get("url");
    Object password = props.get("password");
    if (password != null && !password.toString().isBlank()) {
      return;
    }
    if (url == null || !url.toString().startsWith("jdbc:h2:")) {
      LOG.warn(
          "The mingjian datasource has no password; set one in etc/org.ops4j.datasource-mingjian.cfg");
      return;
    }
    String user = String.valueOf(props.get("user")).toUpperCase(Locale.ROOT);
    if (!user.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalStateException("unexpected datasource user name " + user);
    }
    String generated = randomPassword();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      // the generated password is alphanumeric, so it is safe inside the literal
      st.execute("ALTER USER \"" + user + "\" SET PASSWORD '" + generated + "'");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    props.put("password", generated);
    cfg.update(props);
    LOG.info("Generated the state store password; it is in etc/org.ops4j.datasource-mingjian.cfg");
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
