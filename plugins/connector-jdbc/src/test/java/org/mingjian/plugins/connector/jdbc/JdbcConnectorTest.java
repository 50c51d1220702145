package org.mingjian.plugins.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.ColumnQuality;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.LoadOptions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.QualityReport;
import org.mingjian.platform.data.internal.DataPoolImpl;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * The JDBC connector against an H2 "department database", loading into a real data pool (DuckDB)
 * with its catalog in a real state store (H2).
 */
class JdbcConnectorTest {
  private static final DatasetDefinition PAYMENTS =
      new DatasetDefinition(
          "relief_payments",
          "临时救助发放",
          "民政局",
          null,
          "payment_no",
          List.of(
              new ColumnInfo("payment_no", "VARCHAR", Sensitivity.INTERNAL),
              new ColumnInfo("payee_name", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("amount", "DECIMAL(10,2)", Sensitivity.INTERNAL),
              new ColumnInfo("paid_on", "DATE", Sensitivity.INTERNAL),
              new ColumnInfo("seq", "BIGINT", Sensitivity.INTERNAL)),
          "救助资金发放监督",
          LocalDate.of(2031, 12, 31));

  @TempDir Path dir;
  private DataPoolImpl pool;
  private String deptUrl;
  private Connection dept;
  private final Map<String, JdbcSource> sources = new HashMap<>();
  private JdbcConnector connector;

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, dir.resolve("home"));
    pool = new DataPoolImpl(store, dir.resolve("pool"), "512MB", 1);
    pool.register(PAYMENTS);
    deptUrl = "jdbc:h2:file:" + dir.resolve("dept/minzheng");
    dept = DriverManager.getConnection(deptUrl, "dept", "s3cret");
    try (Statement st = dept.createStatement()) {
      st.execute(
          "CREATE TABLE payments (payment_no VARCHAR(20) PRIMARY KEY, payee_name VARCHAR(50),"
              + " amount DECIMAL(10,2), paid_on DATE, seq BIGINT)");
    }
    insert(1, 100);
    sources.put("minzheng", new JdbcSource("minzheng", deptUrl, "dept", "s3cret", null));
    connector = new JdbcConnector(name -> Optional.ofNullable(sources.get(name)));
  }

  @AfterEach
  void close() throws Exception {
    dept.close();
    pool.close();
  }

  private void insert(int from, int to) throws Exception {
    try (var ps = dept.prepareStatement("INSERT INTO payments VALUES (?, ?, ?, ?, ?)")) {
      for (int i = from; i <= to; i++) {
        ps.setString(1, "P" + i);
        ps.setString(2, i % 10 == 0 ? null : "姓名" + i);
        ps.setBigDecimal(3, new java.math.BigDecimal(i + ".50"));
        ps.setObject(4, LocalDate.of(2026, 1, 1).plusDays(i % 300));
        ps.setLong(5, i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A context as the platform gives it, remembering through the pool. */
  private final class Context implements ConnectorContext {
    final Map<String, String> remembered = new ConcurrentHashMap<>();

    @Override
    public String dataset() {
      return PAYMENTS.name();
    }

    @Override
    public List<String> columns() {
      return PAYMENTS.columns().stream().map(ColumnInfo::name).toList();
    }

    @Override
    public Path importDirectory() {
      return dir;
    }

    @Override
    public void progress(double share) {}

    @Override
    public boolean cancelled() {
      return false;
    }

    @Override
    public Optional<String> state(String key) {
      return Optional.ofNullable(pool.connectorState(dataset(), JdbcConnector.NAME).get(key));
    }

    @Override
    public void remember(String key, String value) {
      remembered.put(key, value);
    }
  }

  private LoadResult load(Map<String, Object> config) throws Exception {
    Context context = new Context();
    try (RowSource rows = connector.open(config, context)) {
      return pool.load(
          PAYMENTS.name(),
          rows,
          new LoadOptions(
              "test", "steward", JdbcConnector.NAME, context.remembered, p -> {}, () -> false));
    }
  }

  private long poolCount() throws Exception {
    try (Connection c = pool.openRunConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM "
                    + pool.pin(List.of(PAYMENTS.name()))
                        .resolver()
                        .resolve(PAYMENTS.name())
                        .orElseThrow()
                        .table())) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aTableLoadsAsAVersionWithItsQualityReport() throws Exception {
    LoadResult r = load(Map.of("source", "minzheng", "table", "payments"));
    assertTrue(r.created());
    assertEquals(1, r.version());
    assertEquals(100, r.rowsLoaded());
    assertEquals(100, poolCount());
    QualityReport q = pool.quality(PAYMENTS.name(), 1).orElseThrow();
    ColumnQuality name = q.columns().get(1);
    assertEquals("payee_name", name.column());
    assertEquals(10, name.nulls());
    assertEquals(0.1, name.nullRate(), 1e-9);
    ColumnQuality key = q.columns().get(0);
    assertEquals(0L, key.duplicates());
    assertEquals(100, key.distinctValues());
    assertEquals("steward", pool.versions(PAYMENTS.name()).get(0).loadedBy());

    // the same rows again create no version
    LoadResult again = load(Map.of("source", "minzheng", "table", "payments"));
    assertFalse(again.created());
    assertEquals(1, again.version());
  }

  @Test
  void aQueryWithWrongTypesRejectsThoseRowsWithReasons() throws Exception {
    LoadResult r =
        load(
            Map.of(
                "source",
                "minzheng",
                "query",
                "SELECT payment_no, payee_name, CASE WHEN seq = 7 THEN 'lots' ELSE CAST(amount AS VARCHAR) END"
                    + " AS amount, paid_on, CASE WHEN seq = 9 THEN 12.5 ELSE seq END AS seq FROM payments"));
    assertEquals(100, r.rowsRead());
    assertEquals(98, r.rowsLoaded());
    assertEquals(2, r.rowsRejected());
    assertTrue(
        r.errors().toString().contains("row 7: column amount: 'lots' is not a valid DECIMAL(10,2)"),
        r.errors().toString());
    assertTrue(r.errors().toString().contains("row 9: column seq"), r.errors().toString());
    QualityReport q = pool.quality(PAYMENTS.name(), r.version()).orElseThrow();
    assertEquals(1, q.columns().get(2).invalid());
    assertEquals(0.01, q.columns().get(2).invalidRate(), 1e-9);
  }

  @Test
  void anIncrementalPullAddsOnlyNewRowsAndRemembersItsMark() throws Exception {
    Map<String, Object> config =
        Map.of("source", "minzheng", "table", "payments", "incrementalColumn", "seq");
    LoadResult first = load(config);
    assertEquals(100, first.rowsLoaded());
    assertEquals("long:100", pool.connectorState(PAYMENTS.name(), "jdbc").get("hwm:minzheng:seq"));

    insert(101, 130);
    LoadResult second = load(config);
    assertTrue(second.created());
    assertEquals(2, second.version());
    assertEquals(30, second.rowsRead());
    assertEquals(130, poolCount());
    assertEquals(130, pool.versions(PAYMENTS.name()).get(0).rows());
    assertEquals("long:130", pool.connectorState(PAYMENTS.name(), "jdbc").get("hwm:minzheng:seq"));

    // nothing new: no version, still fine
    LoadResult third = load(config);
    assertFalse(third.created());
    assertEquals(2, third.version());
    assertEquals(0, third.rowsRead());
  }

  @Test
  void aSourceThatGoesAwayMidLoadFailsWithCountsAndKeepsThePreviousVersion() throws Exception {
    load(Map.of("source", "minzheng", "table", "payments"));
    insert(101, 5000);
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists", "-tcpAllowOthers").start();
    try {
      sources.put(
          "remote",
          new JdbcSource(
              "remote",
              "jdbc:h2:tcp://localhost:" + server.getPort() + "/" + dir.resolve("dept/minzheng"),
              "dept",
              "s3cret",
              null));
      Context context = new Context();
      RowSource remote =
          connector.open(
              Map.of("source", "remote", "table", "payments", "fetchSize", 100L), context);
      // the department's server stops after 250 rows were read
      RowSource dying =
          new RowSource() {
            long n;

            @Override
            public List<String> columns() throws ConnectorException {
              return remote.columns();
            }

            @Override
            public Object[] next() throws ConnectorException {
              if (++n == 251) {
                server.stop();
              }
              return remote.next();
            }

            @Override
            public String position() {
              return remote.position();
            }

            @Override
            public void close() throws ConnectorException {
              remote.close();
            }
          };
      LoadRejectedException e;
      try (dying) {
        e =
            assertThrows(
                LoadRejectedException.class,
                () ->
                    pool.load(
                        PAYMENTS.name(),
                        dying,
                        new LoadOptions(
                            "test", "steward", "jdbc", context.remembered, p -> {}, () -> false)));
      }
      // rows arrive 100 at a time: the failure shows when the next batch is fetched
      long read = e.result().rowsRead();
      assertTrue(read >= 250 && read <= 400, e.getMessage());
      assertTrue(e.getMessage().contains("failed after " + read + " rows"), e.getMessage());
      assertEquals(read, e.result().rowsLoaded());
      assertFalse(e.result().created());
      assertEquals(1, e.result().version());
      assertTrue(
          e.result().errors().get(0).contains("the database failed"),
          e.result().errors().toString());
    } finally {
      server.stop();
    }
    // version 1 with its 100 rows is still current
    assertEquals(1, pool.dataset(PAYMENTS.name()).orElseThrow().currentVersion());
    assertEquals(100, poolCount());
    assertEquals(1, pool.versions(PAYMENTS.name()).size());
  }

  @Test
  void anEncryptedPasswordIsDecryptedWithTheMasterPassword() throws Exception {
    // as an operator makes it: Jasypt's standard encryptor with its defaults (encrypt.sh)
    org.jasypt.encryption.pbe.StandardPBEStringEncryptor jasypt =
        new org.jasypt.encryption.pbe.StandardPBEStringEncryptor();
    jasypt.setPassword("master");
    String enc = "ENC(" + jasypt.encrypt("s3cret") + ")";
    sources.put("encrypted", new JdbcSource("encrypted", deptUrl, "dept", enc, null));
    System.setProperty("mingjian.config.password", "master");
    try {
      assertEquals(100, load(Map.of("source", "encrypted", "table", "payments")).rowsLoaded());
    } finally {
      System.clearProperty("mingjian.config.password");
    }
    // without the master password: a clear error, no secret in it
    ConnectorException e =
        assertThrows(
            ConnectorException.class,
            () ->
                connector.open(Map.of("source", "encrypted", "table", "payments"), new Context()));
    assertTrue(e.getMessage().contains("no master password"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"));
    // with the wrong master password: refused, the secret not in the message
    System.setProperty("mingjian.config.password", "not-the-master");
    try {
      ConnectorException wrong =
          assertThrows(
              ConnectorException.class,
              () ->
                  connector.open(
                      Map.of("source", "encrypted", "table", "payments"), new Context()));
      assertTrue(wrong.getMessage().contains("cannot be decrypted"), wrong.getMessage());
      assertFalse(wrong.getMessage().contains("s3cret"));
    } finally {
      System.clearProperty("mingjian.config.password");
    }
  }

  @Test
  void badConfigurationsAreRefusedBeforeConnecting() {
    assertTrue(
        assertThrows(
                ConnectorException.class,
                () -> connector.open(Map.of("source", "nope", "table", "payments"), new Context()))
            .getMessage()
            .contains("no JDBC source 'nope'"));
    assertThrows(
        ConnectorException.class,
        () -> connector.open(Map.of("source", "minzheng"), new Context()));
    assertThrows(
        ConnectorException.class,
        () ->
            connector.open(
                Map.of("source", "minzheng", "table", "payments; DROP TABLE payments"),
                new Context()));
    assertThrows(
        ConnectorException.class,
        () ->
            connector.open(
                Map.of("source", "minzheng", "query", "DELETE FROM payments"), new Context()));
    assertThrows(
        ConnectorException.class,
        () ->
            connector.open(
                Map.of("source", "minzheng", "query", "SELECT 1; DROP TABLE payments"),
                new Context()));
  }

  @Test
  void sourceNamesComeFromTheConfiguration() {
    var p = new java.util.Hashtable<String, Object>();
    p.put(
        "felix.fileinstall.filename",
        "file:/opt/karaf/etc/org.mingjian.connector.jdbc-minzheng.cfg");
    assertEquals("minzheng", JdbcConnector.sourceName("org.mingjian.connector.jdbc.abc", p));
    assertEquals(
        "hr",
        JdbcConnector.sourceName("org.mingjian.connector.jdbc~hr", new java.util.Hashtable<>()));
    p.put("name", "explicit");
    assertEquals("explicit", JdbcConnector.sourceName("x", p));
    assertNull(JdbcConnector.sourceName("x", new java.util.Hashtable<>()));
  }
}
