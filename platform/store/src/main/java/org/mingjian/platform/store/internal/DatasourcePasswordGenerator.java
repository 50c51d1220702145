package org.mingjian.platform.store.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Dictionary;
import java.util.Locale;
import javax.sql.DataSource;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First start of an embedded H2 state store whose configuration has no password: gives the database
 * a generated password and writes it into {@code etc/org.ops4j.datasource-mingjian.cfg}. The
 * datasource then comes back with the password, and only then does the state store start.
 */
@Component(immediate = true)
public final class DatasourcePasswordGenerator {
  static final String DATASOURCE_FACTORY_PID = "org.ops4j.datasource";
  private static final Logger LOG = LoggerFactory.getLogger(DatasourcePasswordGenerator.class);

  @Activate
  public DatasourcePasswordGenerator(
      @Reference(target = "(&(dataSourceName=mingjian)(!(password=*)))") DataSource dataSource,
      @Reference ConfigurationAdmin configAdmin)
      throws IOException, InvalidSyntaxException {
    Configuration[] found =
        configAdmin.listConfigurations(
            "(&(service.factoryPid=" + DATASOURCE_FACTORY_PID + ")(dataSourceName=mingjian))");
    if (found == null || found.length == 0) {
      LOG.warn("The mingjian datasource has no password and no configuration to store one in");
      return;
    }
    Configuration cfg = found[0];
    Dictionary<String, Object> props = cfg.getProperties();
    Object url = props.get("url");
    if (url == null || !url.toString().startsWith("jdbc:h2:")) {
      LOG.error(
          "The mingjian datasource has no password: set one in etc/org.ops4j.datasource-mingjian.cfg;"
              + " the state store waits for it");
      return;
    }
    String user = String.valueOf(props.get("user")).toUpperCase(Locale.ROOT);
    if (!user.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalStateException("unexpected datasource user name " + user);
    }
    String generated = StateStoreImpl.randomPassword();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      // the generated password is alphanumeric, so it is safe inside the literal
      st.execute("ALTER USER \"" + user + "\" SET PASSWORD '" + generated + "'");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      LOG.error(
          "Cannot set the state store password (does the database already have one that the"
              + " configuration lacks?): {}",
          e.getMessage());
      return;
    }
    props.put("password", generated);
    cfg.update(props);
    LOG.info("Generated the state store password; it is in etc/org.ops4j.datasource-mingjian.cfg");
  }
}
