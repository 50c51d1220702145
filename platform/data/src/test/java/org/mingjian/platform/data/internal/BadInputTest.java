package org.mingjian.platform.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.ColumnQuality;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestion.State;
import org.mingjian.platform.data.Ingestions.InvalidConfigException;
import org.mingjian.platform.data.LoadOptions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.QualityReport;
import org.mingjian.platform.data.RunRef;
import org.mingjian.platform.data.VersionInfo;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.Connector;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * Bad input against the real engines (H2 state store, DuckDB pool): each load fails or rejects rows
 * with counts and reasons, and the previous version stays current. Also the quality report, the
 * versions with who loaded them, lineage, and ingestions that outlive a restart.
 */
class BadInputTest {
  private static final String HEADER = "case_no,amount,filed_on\n";
  private static final DatasetDefinition CASES =
      new DatasetDefinition(
          "court_cases",
          "案件",
          "法院",
          null,
          "case_no",
          List.of(
              new ColumnInfo("case_no", "VARCHAR", Sensitivity.INTERNAL),
              new ColumnInfo("amount", "DECIMAL(10,2)", Sensitivity.INTERNAL),
              new ColumnInfo("filed_on", "DATE", Sensitivity.INTERNAL)),
          "审判监督",
          LocalDate.of(2031, 12, 31));

  @TempDir Path dir;
  private JdbcDataSource ds;
  private StateStoreImpl store;
  private DataPoolImpl pool;
  private final List<IngestionsImpl> opened = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:bad-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, dir.resolve("home"));
    pool = new DataPoolImpl(store, dir.resolve("pool"), "512MB", 1);
    pool.register(CASES);
    // version 1: three good rows, one duplicate key, one null amount
    LoadResult v1 =
        pool.loadCsv(
            "court_cases",
            file("v1.csv", HEADER + "C1,1.00,2026-01-01\nC2,,2026-01-02\nC2,3.00,2026-01-03\n"),
            StandardCharsets.UTF_8,
            LoadOptions.of("v1.csv", "steward"));
    assertEquals(1, v1.version());
  }

  @AfterEach
  void close() throws Exception {
    for (IngestionsImpl i : opened) {
      i.close();
    }
    pool.close();
  }

  private Path file(String name, String text) throws Exception {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private Path file(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private LoadResult load(Path csv, Charset encoding) {
    return pool.loadCsv("court_cases", csv, encoding, LoadOptions.of(csv.toString(), "steward"));
  }

  private void assertVersionOneIntact() throws Exception {
    assertEquals(1, pool.dataset("court_cases").orElseThrow().currentVersion());
    assertEquals(3, pool.dataset("court_cases").orElseThrow().rows());
    try (Connection c = pool.openRunConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'pool'")) {
      List<String> tables = new ArrayList<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      assertEquals(List.of("court_cases__v1"), tables, "no half-loaded table is left");
    }
  }

  @Test
  void theQualityReportCountsNullsInvalidValuesAndDuplicateKeys() throws Exception {
    QualityReport q = pool.quality("court_cases", 1).orElseThrow();
    assertEquals("case_no", q.keyColumn());
    ColumnQuality key = q.columns().get(0);
    assertEquals(1L, key.duplicates());
    assertEquals(1.0 / 3, key.duplicateRate(), 1e-9);
    assertEquals(2, key.distinctValues());
    ColumnQuality amount = q.columns().get(1);
    assertEquals(1, amount.nulls());
    assertNull(amount.duplicates());

    LoadResult v2 =
        load(
            file(
                "v2.csv",
                HEADER + "C1,1.00,2026-01-01\nC2,x,2026-01-02\nC3,2.5,2026-13-01\nC4,1,\n"),
            StandardCharsets.UTF_8);
    QualityReport q2 = pool.quality("court_cases", v2.version()).orElseThrow();
    assertEquals(4, q2.columns().get(1).rows());
    assertEquals(1, q2.columns().get(1).invalid());
    assertEquals(0.25, q2.columns().get(1).invalidRate(), 1e-9);
    assertEquals(1, q2.columns().get(2).invalid());
    assertEquals(1, q2.columns().get(2).nulls());
    assertEquals(0.5, q2.columns().get(2).nullRate(), 1e-9);

    List<VersionInfo> versions = pool.versions("court_cases");
    assertEquals(List.of(2, 1), versions.stream().map(VersionInfo::version).toList());
    assertEquals("steward", versions.get(0).loadedBy());
    assertEquals(4L, versions.get(0).rowsRead());
    assertEquals(2L, versions.get(0).rowsRejected());
    assertEquals(2, versions.get(0).rows());
  }

  @Test
  void creditCodesAreCheckedAndKeyAndDistrictAreRequired() throws Exception {
    pool.register(
        new DatasetDefinition(
            "firms",
            "企业",
            "市场监管局",
            "district",
            "credit_code",
            List.of(
                new ColumnInfo("credit_code", "VARCHAR", Sensitivity.PUBLIC),
                new ColumnInfo("district", "VARCHAR", Sensitivity.PUBLIC),
                new ColumnInfo("buyer_code", "VARCHAR", Sensitivity.PUBLIC)),
            "企业登记监督",
            LocalDate.of(2031, 12, 31)));
    String good = org.mingjian.platform.datagen.CreditCodes.of('9', '1', "110105", "MA01BC2D");
    String other = org.mingjian.platform.datagen.CreditCodes.of('9', '1', "110108", "MA01BC3E");
    char right = good.charAt(17);
    String wrong = good.substring(0, 17) + (right == '0' ? '1' : '0');
    LoadResult r =
        pool.loadCsv(
            "firms",
            file(
                "firms.csv",
                "credit_code,district,buyer_code\n"
                    + good
                    + ",110105,"
                    + other
                    + "\n" // line 2: fine
                    + wrong
                    + ",110105,\n" // line 3: wrong check character
                    + ",110105,\n" // line 4: no key
                    + other
                    + ", ,\n" // line 5: blank district
                    + other
                    + ",110108,"
                    + wrong
                    + "\n" // line 6: wrong code in another column
                    + other
                    + ",110108,B-17\n"), // line 7: not shaped like a code: kept
            StandardCharsets.UTF_8,
            LoadOptions.of("firms.csv", "steward"));
    assertEquals(6, r.rowsRead());
    assertEquals(2, r.rowsLoaded());
    assertEquals(4, r.rowsRejected());
    assertEquals(
        List.of(
            "line 3: column credit_code: '"
                + wrong
                + "' is not a valid unified social credit code (its check character should be "
                + right
                + ")",
            "line 4: column credit_code is required (the dataset's key or district column)",
            "line 5: column district is required (the dataset's key or district column)",
            "line 6: column buyer_code: '"
                + wrong
                + "' is not a valid unified social credit code (its check character should be "
                + right
                + ")"),
        r.errors());
  }

  @Test
  void raggedRowsAreRejectedWithTheirLines() throws Exception {
    LoadResult r =
        load(
            file("ragged.csv", HEADER + "C7,1.00\nC8,1.00,2026-01-01,extra\nC9,2.00,2026-02-02\n"),
            StandardCharsets.UTF_8);
    assertEquals(3, r.rowsRead());
    assertEquals(1, r.rowsLoaded());
    assertEquals(2, r.rowsRejected());
    assertEquals("line 2: expected 3 fields, found 2", r.errors().get(0));
    assertEquals("line 3: expected 3 fields, found 4", r.errors().get(1));
  }

  @Test
  void aFileInAnotherEncodingFailsAndKeepsTheVersion() throws Exception {
    // enough lines that decoding fails while reading, after some rows
    StringBuilder b = new StringBuilder(HEADER);
    for (int i = 0; i < 3000; i++) {
      b.append("C").append(i).append(",1.00,2026-01-01\n");
    }
    b.append("案件,1.00,2026-01-01\n");
    LoadRejectedException e =
        assertThrows(
            LoadRejectedException.class,
            () ->
                load(
                    file("gbk.csv", b.toString().getBytes(Charset.forName("GBK"))),
                    StandardCharsets.UTF_8));
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    assertTrue(e.result().rowsRead() > 0 && e.result().rowsRead() <= 3000, e.getMessage());
    assertFalse(e.result().created());
    assertEquals(1, e.result().version());
    assertVersionOneIntact();
    // the same bytes read as GBK load
    assertEquals(3001, load(dir.resolve("gbk.csv"), Charset.forName("GBK")).rowsLoaded());
  }

  @Test
  void aTenMegabyteLineIsRejectedNotLoaded() throws Exception {
    String huge = "x".repeat(10 * 1024 * 1024);
    // one data row with a 10 MB value among good ones: that row is rejected
    LoadResult r =
        load(
            file("huge-row.csv", HEADER + "C5,1.00,2026-01-01\n" + huge + ",1.00,2026-01-01\n"),
            StandardCharsets.UTF_8);
    assertEquals(2, r.rowsRead());
    assertEquals(1, r.rowsRejected());
    assertTrue(
        r.errors().get(0).startsWith("line 3: column case_no: a value of 10485760 characters"),
        r.errors().get(0));
    assertTrue(r.errors().get(0).length() < 200);
    // a file that is one 10 MB line (no header): refused, with a short reason
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(file("one-line.csv", huge), StandardCharsets.UTF_8));
    assertTrue(e.getMessage().contains("does not match the dataset's columns"), e.getMessage());
    assertTrue(e.getMessage().length() < 3000, "the reason is abbreviated");
    assertEquals(2, pool.dataset("court_cases").orElseThrow().currentVersion());
  }

  @Test
  void wrongTypesEverywhereFailTheLoad() throws Exception {
    LoadRejectedException e =
        assertThrows(
            LoadRejectedException.class,
            () ->
                load(
                    file(
                        "types.csv",
                        HEADER + "C1,ten,2026-01-01\nC2,1.005,2026-01-01\nC3,1,01/02/2026\n"),
                    StandardCharsets.UTF_8));
    assertEquals(3, e.result().rowsRejected());
    assertEquals(0, e.result().rowsLoaded());
    assertEquals(
        List.of(
            "line 2: column amount: 'ten' is not a valid DECIMAL(10,2)",
            "line 3: column amount: '1.005' is not a valid DECIMAL(10,2)",
            "line 4: column filed_on: '01/02/2026' is not a valid DATE"),
        e.result().errors());
    assertVersionOneIntact();
  }

  @Test
  void anUnknownDatasetOrAHeaderThatDoesNotMatchIsRefused() throws Exception {
    Path ok = file("ok.csv", HEADER + "C1,1.00,2026-01-01\n");
    assertEquals(
        "unknown dataset 'nope'",
        assertThrows(
                IllegalArgumentException.class,
                () -> pool.loadCsv("nope", ok, StandardCharsets.UTF_8, LoadOptions.of("x", "y")))
            .getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                load(
                    file("schema.csv", "case_no,amount,judge\nC1,1.00,王\n"),
                    StandardCharsets.UTF_8));
    assertTrue(e.getMessage().contains("missing [filed_on]"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown [judge]"), e.getMessage());
    assertVersionOneIntact();
  }

  @Test
  void aSourceThatFailsMidLoadLeavesNoVersion() throws Exception {
    RowSource failing =
        new RowSource() {
          int n;

          @Override
          public List<String> columns() {
            return List.of("CASE_NO", "amount", "filed_on");
          }

          @Override
          public Object[] next() throws ConnectorException {
            if (++n > 1500) {
              throw new ConnectorException("connection reset by the department");
            }
            return new Object[] {"K" + n, n % 100 == 0 ? "bad" : "1.00", LocalDate.of(2026, 1, 1)};
          }

          @Override
          public void close() {}
        };
    LoadRejectedException e =
        assertThrows(
            LoadRejectedException.class,
            () -> pool.load("court_cases", failing, LoadOptions.of("test", "steward")));
    assertEquals(1500, e.result().rowsRead());
    assertEquals(1485, e.result().rowsLoaded());
    assertEquals(15, e.result().rowsRejected());
    assertEquals(
        "reading the source failed after 1500 rows: connection reset by the department",
        e.result().errors().get(0));
    assertEquals(
        "row 100: column amount: 'bad' is not a valid DECIMAL(10,2)", e.result().errors().get(1));
    assertVersionOneIntact();
  }

  // ---------------------------------------------------------------- lineage

  @Test
  void lineageListsTheRunsThatReadEachVersion() throws Exception {
    load(file("v2.csv", HEADER + "C1,1.00,2026-01-01\n"), StandardCharsets.UTF_8);
    run("r1", "fuel-tax", "110105", "{\"court_cases\":1}", Instant.parse("2026-11-01T00:00:00Z"));
    run(
        "r2",
        "fuel-tax",
        "110108",
        "{\"court_cases\":1,\"other\":2}",
        Instant.parse("2026-11-02T00:00:00Z"));
    run(
        "r3",
        "pension",
        "110105",
        "{\"other\":1,\"court_cases\":2}",
        Instant.parse("2026-11-03T00:00:00Z"));
    run(
        "r4",
        "pension",
        "110105",
        "{\"court_cases_old\":2}",
        Instant.parse("2026-11-04T00:00:00Z"));
    Map<Integer, List<RunRef>> lineage = pool.lineage("court_cases", 50);
    assertEquals(List.of(2, 1), new ArrayList<>(lineage.keySet()));
    assertEquals(List.of("r3"), lineage.get(2).stream().map(RunRef::runId).toList());
    assertEquals(List.of("r2", "r1"), lineage.get(1).stream().map(RunRef::runId).toList());
    assertEquals("110108", lineage.get(1).get(0).district());
    assertEquals(1, pool.lineage("court_cases", 1).get(1).size());
  }

  private void run(String id, String model, String district, String versions, Instant at) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (id, model_id, model_version, district, state, progress, requested_by,"
                      + " requested_at, parameters, dataset_versions, clues_new, clues_updated)"
                      + " VALUES (?, ?, '1.0.0', ?, 'SUCCEEDED', 1.0, 'analyst', ?, '{}', ?, 0, 0)")) {
            Jdbc.bind(ps, id, model, district, at, versions).executeUpdate();
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- ingestions

  private IngestionsImpl ingestions() throws Exception {
    AuditLog audit =
        (AuditLog)
            Proxy.newProxyInstance(
                AuditLog.class.getClassLoader(),
                new Class<?>[] {AuditLog.class},
                (proxy, method, args) -> null);
    IngestionsImpl i =
        new IngestionsImpl(
            pool, store, dir.resolve("home/uploads"), dir.resolve("home/import"), audit);
    opened.add(i);
    return i;
  }

  private static Ingestion await(IngestionsImpl ingestions, String id) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      Ingestion i = ingestions.get(id).orElseThrow();
      if (i.finished()) {
        return i;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not finished: " + id);
  }

  /** A connector reading rows handed to it, remembering how many it read. */
  private static final class ListConnector implements Connector {
    final List<Object[]> rows = new ArrayList<>();

    @Override
    public String name() {
      return "list";
    }

    @Override
    public List<ConfigField> configSchema() {
      return List.of(
          ConfigField.required("label", ConfigField.Type.STRING, "a label"),
          ConfigField.optional("limit", ConfigField.Type.INTEGER, "rows"),
          new ConfigField("secret", ConfigField.Type.STRING, false, true, "a secret"));
    }

    @Override
    public RowSource open(Map<String, Object> config, ConnectorContext context)
        throws ConnectorException {
      if (config.get("label").equals("refuse")) {
        throw new ConnectorException("the source is closed today");
      }
      int previous = Integer.parseInt(context.state("count").orElse("0"));
      context.remember("count", Integer.toString(previous + rows.size()));
      var it = rows.iterator();
      return new RowSource() {
        @Override
        public List<String> columns() {
          return context.columns();
        }

        @Override
        public Object[] next() {
          return it.hasNext() ? it.next() : null;
        }

        @Override
        public String describe() {
          return "list " + config.get("label");
        }

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void connectorIngestionsAreCheckedQueuedAndKeptAcrossARestart() throws Exception {
    IngestionsImpl ingestions = ingestions();
    ListConnector list = new ListConnector();
    list.rows.add(
        new Object[] {"L1", new java.math.BigDecimal("2.50"), java.sql.Date.valueOf("2026-03-01")});
    list.rows.add(new Object[] {"L2", 7L, LocalDate.of(2026, 3, 2)});
    list.rows.add(new Object[] {"L3", "x", null});
    ingestions.addConnector(list);
    assertEquals(List.of("list"), ingestions.connectors().stream().map(Connector::name).toList());

    InvalidConfigException bad =
        assertThrows(
            InvalidConfigException.class,
            () ->
                ingestions.submit(
                    "court_cases",
                    "list",
                    Map.of("limit", "ten", "other", 1),
                    "steward",
                    "110000"));
    assertEquals(
        List.of(
            "unknown field 'other' (fields: label, limit, secret)",
            "field 'label' is required",
            "field 'limit' must be a whole number"),
        bad.reasons());
    assertThrows(
        InvalidConfigException.class,
        () -> ingestions.submit("court_cases", "nope", Map.of(), "steward", "110000"));
    assertThrows(
        NoSuchElementException.class,
        () -> ingestions.submit("nope", "list", Map.of("label", "a"), "steward", "110000"));

    Ingestion done =
        await(
            ingestions,
            ingestions
                .submit(
                    "court_cases",
                    "list",
                    Map.of("label", "march", "limit", 5),
                    "steward",
                    "110000")
                .id());
    assertEquals(State.SUCCEEDED, done.state());
    assertEquals("list", done.connector());
    assertEquals(2, done.rowsLoaded());
    assertEquals(1, done.rowsRejected());
    assertEquals(List.of("row 3: column amount: 'x' is not a valid DECIMAL(10,2)"), done.errors());
    assertEquals(2, done.version());
    assertEquals("3", pool.connectorState("court_cases", "list").get("count"));
    assertEquals(
        "list march",
        pool.versions("court_cases")
            .get(0)
            .source()
            .split(" \\(")[0]
            .substring("connector list: ".length()));

    Ingestion refused =
        await(
            ingestions,
            ingestions
                .submit("court_cases", "list", Map.of("label", "refuse"), "steward", "")
                .id());
    assertEquals(State.FAILED, refused.state());
    assertTrue(
        refused.errors().get(0).contains("the source is closed today"),
        refused.errors().toString());

    // a new instance (a restart) still knows both
    ingestions.close();
    IngestionsImpl after = ingestions();
    assertEquals(done, after.get(done.id()).orElseThrow());
    assertEquals(refused.errors(), after.get(refused.id()).orElseThrow().errors());
    assertTrue(after.get("00000000-0000-0000-0000-000000000000").isEmpty());
  }

  @Test
  void anIngestionInterruptedByARestartIsMarkedFailed() throws Exception {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ingestions (id, dataset, state, progress, rows_read, rows_loaded, rows_rejected, errors,"
                      + " created, submitted_by, submitted_at) VALUES ('i1', 'court_cases', 'RUNNING', 0.5, 0, 0, 0, '',"
                      + " FALSE, 'steward', ?)")) {
            Jdbc.bind(ps, Instant.now()).executeUpdate();
          }
          return null;
        });
    Ingestion i = ingestions().get("i1").orElseThrow();
    assertEquals(State.FAILED, i.state());
    assertTrue(i.errors().get(0).contains("stopped before the load ended"));
    assertVersionOneIntact();
  }
}
