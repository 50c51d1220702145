package org.mingjian.plugins.connector.jdbc;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.ConfigField.Type;
import org.mingjian.sdk.connector.Connector;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jdbc.DataSourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the rows of a table or a query from a department database. The databases are configured by
 * operators, one factory configuration each ({@code etc/org.mingjian.connector.jdbc-<name>.cfg}
 * with {@code url}, {@code user}, {@code password}, optionally {@code driver}); a steward names one
 * as {@code source} and never sees its credentials. The configurations are read through
 * ConfigurationAdmin, not published as service properties, so the password is nowhere visible; it
 * may be stored encrypted as {@code ENC(...)} (see {@link Encrypted}).
 *
 * <p>With {@code incrementalColumn} the pull is incremental: only rows above the highest value of
 * that column loaded before (remembered per dataset, source and column) are read, in its order, and
 * they are added to the current version.
 */
@Component(service = Connector.class)
public final class JdbcConnector implements Connector {
  /** The connector's name. */
  public static final String NAME = "jdbc";

  /** The factory PID of the sources. */
  public static final String FACTORY_PID = "org.mingjian.connector.jdbc";

  private static final Logger LOG = LoggerFactory.getLogger(JdbcConnector.class);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern TABLE =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}(\\.[A-Za-z_][A-Za-z0-9_]{0,127})?");
  private static final Map<String, String> DRIVERS =
      Map.of(
          "jdbc:h2:", "org.h2.Driver",
          "jdbc:postgresql:", "org.postgresql.Driver",
          "jdbc:mysql:", "com.mysql.cj.jdbc.Driver",
          "jdbc:oracle:", "oracle.jdbc.OracleDriver",
          "jdbc:dm:", "dm.jdbc.driver.DmDriver",
          "jdbc:kingbase8:", "com.kingbase8.Driver");

  private final Function<String, Optional<JdbcSource>> sources;
  private final Map<String, DataSourceFactory> drivers = new ConcurrentHashMap<>();

  /**
   * @param cm where operators configure the sources
   */
  @Activate
  public JdbcConnector(@Reference ConfigurationAdmin cm) {
    this(name -> fromConfigurationAdmin(cm, name));
  }

  /**
   * @param sources finds a source by name
   */
  public JdbcConnector(Function<String, Optional<JdbcSource>> sources) {
    this.sources = sources;
  }

  /**
   * @param factory a JDBC driver's DataSourceFactory
   * @param props its service properties
   */
  @Reference(
      service = DataSourceFactory.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeDriver")
  public void addDriver(DataSourceFactory factory, Map<String, Object> props) {
    Object cls = props.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
    if (cls != null) {
      drivers.put(cls.toString(), factory);
    }
  }

  /**
   * @param factory a driver going away
   * @param props its service properties
   */
  public void removeDriver(DataSourceFactory factory, Map<String, Object> props) {
    Object cls = props.get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
    if (cls != null) {
      drivers.remove(cls.toString(), factory);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<ConfigField> configSchema() {
    return List.of(
        ConfigField.required(
            "source",
            Type.STRING,
            "the department database, as configured in etc/org.mingjian.connector.jdbc-<source>.cfg"),
        ConfigField.optional("table", Type.STRING, "a table (or schema.table) to read whole"),
        ConfigField.optional("query", Type.STRING, "one SELECT statement (instead of table)"),
        ConfigField.optional(
            "incrementalColumn",
            Type.STRING,
            "read only rows above the highest value of this column loaded before, and add them"),
        ConfigField.optional("fetchSize", Type.INTEGER, "rows per round trip (default 1000)"));
  }

  @Override
  public RowSource open(Map<String, Object> config, ConnectorContext context)
      throws ConnectorException {
    String sourceName = (String) config.get("source");
    String table = (String) config.get("table");
    String query = (String) config.get("query");
    String incremental = (String) config.get("incrementalColumn");
    int fetchSize =
        config.get("fetchSize") == null ? 1000 : ((Long) config.get("fetchSize")).intValue();
    if ((table == null) == (query == null)) {
      throw new ConnectorException("give either table or query");
    }
    if (table != null && !TABLE.matcher(table).matches()) {
      throw new ConnectorException("table '" + table + "' is not a (schema.)table name");
    }
    String base;
    if (query != null) {
      base = query.strip();
      if (base.endsWith(";")) {
        base = base.substring(0, base.length() - 1).strip();
      }
      String head = base.toUpperCase(Locale.ROOT);
      if (!(head.startsWith("SELECT") || head.startsWith("WITH")) || base.contains(";")) {
        throw new ConnectorException("query must be one SELECT statement");
      }
    } else {
      base = "SELECT * FROM " + table;
    }
    if (incremental != null && !IDENTIFIER.matcher(incremental).matches()) {
      throw new ConnectorException("incrementalColumn '" + incremental + "' is not a column name");
    }
    if (fetchSize < 1 || fetchSize > 100_000) {
      throw new ConnectorException("fetchSize must be between 1 and 100000");
    }
    JdbcSource source =
        sources
            .apply(sourceName)
            .orElseThrow(
                () ->
                    new ConnectorException(
                        "no JDBC source '"
                            + sourceName
                            + "' is configured (etc/"
                            + FACTORY_PID
                            + "-"
                            + sourceName
                            + ".cfg)"));
    String markKey = incremental == null ? null : mark(sourceName, incremental);
    Optional<String> mark = markKey == null ? Optional.empty() : context.state(markKey);
    String sql =
        incremental == null
            ? base
            : "SELECT * FROM ("
                + base
                + ") src"
                + (mark.isPresent() ? " WHERE " + incremental + " > ?" : "")
                + " ORDER BY "
                + incremental;
    Connection c = null;
    try {
      c = connect(source);
      c.setReadOnly(true);
      c.setAutoCommit(false); // lets PostgreSQL stream with the fetch size
      PreparedStatement ps = c.prepareStatement(sql);
      ps.setFetchSize(fetchSize);
      if (mark.isPresent()) {
        bindMark(ps, 1, mark.get());
      }
      ResultSet rs = ps.executeQuery();
      String describe =
          "source "
              + sourceName
              + ", "
              + (table != null ? "table " + table : "query")
              + (incremental == null
                  ? ""
                  : ", incremental by " + incremental + mark.map(m -> " above " + m).orElse(""));
      return new Rows(
          c, rs, incremental, markKey, incremental != null && mark.isPresent(), context, describe);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw new ConnectorException(
          "cannot read from JDBC source '" + sourceName + "': " + e.getMessage(), e);
    }
  }

  static String mark(String source, String column) {
    String key = "hwm:" + source + ":" + column.toLowerCase(Locale.ROOT);
    return key.length() <= 64 ? key : key.substring(0, 64);
  }

  private Connection connect(JdbcSource source) throws SQLException {
    String password = Encrypted.reveal(source.password(), Encrypted.master());
    String driver = source.driver();
    if (driver == null) {
      driver =
          DRIVERS.entrySet().stream()
              .filter(e -> source.url().startsWith(e.getKey()))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse(null);
    }
    DataSourceFactory factory = driver == null ? null : drivers.get(driver);
    if (factory != null) {
      Properties p = new Properties();
      p.setProperty(DataSourceFactory.JDBC_URL, source.url());
      if (source.user() != null) {
        p.setProperty(DataSourceFactory.JDBC_USER, source.user());
      }
      if (password != null) {
        p.setProperty(DataSourceFactory.JDBC_PASSWORD, password);
      }
      return factory.createDataSource(p).getConnection();
    }
    // outside OSGi (tests, tools), or a driver without a DataSourceFactory
    return DriverManager.getConnection(source.url(), source.user(), password);
  }

  /** Values of the mark are kept with their type, so they bind the same way next time. */
  static String encodeMark(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return "long:" + ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      return "decimal:" + d.toPlainString();
    }
    if (v instanceof Timestamp t) {
      return "timestamp:" + t.toLocalDateTime();
    }
    if (v instanceof LocalDateTime t) {
      return "timestamp:" + t;
    }
    if (v instanceof Date d) {
      return "date:" + d.toLocalDate();
    }
    if (v instanceof LocalDate d) {
      return "date:" + d;
    }
    return "string:" + v;
  }

  static void bindMark(PreparedStatement ps, int index, String mark) throws SQLException {
    int colon = mark.indexOf(':');
    String type = colon < 0 ? "string" : mark.substring(0, colon);
    String value = mark.substring(colon + 1);
    switch (type) {
      case "long" -> ps.setLong(index, Long.parseLong(value));
      case "decimal" -> ps.setBigDecimal(index, new BigDecimal(value));
      case "timestamp" -> ps.setTimestamp(index, Timestamp.valueOf(LocalDateTime.parse(value)));
      case "date" -> ps.setDate(index, Date.valueOf(LocalDate.parse(value)));
      default -> ps.setString(index, value);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // the source is gone already
      }
    }
  }

  /** A result set as rows. */
  private static final class Rows implements RowSource {
    private final Connection connection;
    private final ResultSet rs;
    private final List<String> columns = new ArrayList<>();
    private final int markIndex;
    private final String markKey;
    private final boolean appends;
    private final ConnectorContext context;
    private final String describe;
    private Object mark;
    private long count;

    Rows(
        Connection connection,
        ResultSet rs,
        String markColumn,
        String markKey,
        boolean appends,
        ConnectorContext context,
        String describe)
        throws SQLException {
      this.connection = connection;
      this.rs = rs;
      this.markKey = markKey;
      this.appends = appends;
      this.context = context;
      this.describe = describe;
      ResultSetMetaData md = rs.getMetaData();
      int found = -1;
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
        columns.add(label);
        if (markColumn != null && label.equalsIgnoreCase(markColumn)) {
          found = i;
        }
      }
      if (markColumn != null && found < 0) {
        throw new SQLException("the rows have no column " + markColumn);
      }
      this.markIndex = found;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Object[] next() throws ConnectorException {
      try {
        if (count % 1000 == 0 && context.cancelled()) {
          throw new ConnectorException("cancelled");
        }
        if (!rs.next()) {
          if (markKey != null && mark != null) {
            context.remember(markKey, encodeMark(mark));
          }
          return null;
        }
        count++;
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          Object v = rs.getObject(i + 1);
          if (v instanceof Clob clob) {
            v = clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
          }
          row[i] = v;
        }
        if (markIndex > 0 && row[markIndex - 1] != null) {
          mark = row[markIndex - 1];
        }
        return row;
      } catch (SQLException e) {
        throw new ConnectorException(
            "the database failed after " + count + " rows: " + e.getMessage(), e);
      }
    }

    @Override
    public String position() {
      return "row " + count;
    }

    @Override
    public boolean appends() {
      return appends;
    }

    @Override
    public String describe() {
      return describe;
    }

    @Override
    public void close() throws ConnectorException {
      try {
        try {
          rs.close();
        } finally {
          connection.rollback();
          connection.close();
        }
      } catch (SQLException e) {
        LOG.debug("Closing a JDBC source failed: {}", e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------ configuration

  static Optional<JdbcSource> fromConfigurationAdmin(ConfigurationAdmin cm, String name) {
    if (name == null || !IDENTIFIER.matcher(name.replace('-', '_')).matches()) {
      return Optional.empty();
    }
    try {
      Configuration[] configs = cm.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
      if (configs == null) {
        return Optional.empty();
      }
      for (Configuration c : configs) {
        Dictionary<String, Object> p = c.getProperties();
        if (p == null) {
          continue;
        }
        if (name.equals(sourceName(c.getPid(), p)) && p.get("url") != null) {
          return Optional.of(
              new JdbcSource(
                  name,
                  p.get("url").toString(),
                  text(p.get("user")),
                  text(p.get("password")),
                  text(p.get("driver"))));
        }
      }
      return Optional.empty();
    } catch (IOException | InvalidSyntaxException e) {
      LOG.warn("Cannot list the JDBC sources: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A source's name: its {@code name} property, else the part after {@code ~} of a named factory
   * configuration's PID, else the part after {@code jdbc-} of the file it was read from.
   */
  static String sourceName(String pid, Dictionary<String, Object> p) {
    String explicit = text(p.get("name"));
    if (explicit != null) {
      return explicit;
    }
    if (pid != null && pid.startsWith(FACTORY_PID + "~")) {
      return pid.substring(FACTORY_PID.length() + 1);
    }
    String file = text(p.get("felix.fileinstall.filename"));
    if (file != null) {
      String f = file.substring(file.lastIndexOf('/') + 1);
      String prefix = FACTORY_PID + "-";
      if (f.startsWith(prefix) && f.endsWith(".cfg")) {
        return f.substring(prefix.length(), f.length() - 4);
      }
    }
    return null;
  }

  private static String text(Object v) {
    return v == null || v.toString().isBlank() ? null : v.toString();
  }
}
