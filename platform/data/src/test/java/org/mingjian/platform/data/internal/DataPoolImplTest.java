package org.mingjian.platform.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.RunData;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.runner.PhysicalDataset;

class DataPoolImplTest {
  private static final String HEADER = "person_id,name,birth_date,district,amount,visits\n";
  private static final String ROWS =
      "11010519491231002X,张三,1949-12-31,110105,1500.50,3\n"
          + "110105199001010037,\"王,五\",1990-01-01,110105,,\n"
          + "110108197001010045,赵六,1970-01-01,110108,9999,0\n";

  private static final DatasetDefinition PERSONS =
      new DatasetDefinition(
          "persons",
          "常住人口",
          "公安局",
          "district",
          "person_id",
          List.of(
              new ColumnInfo("person_id", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("name", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("birth_date", "DATE", Sensitivity.PERSONAL),
              new ColumnInfo("district", "VARCHAR", Sensitivity.PUBLIC),
              new ColumnInfo("amount", "DECIMAL(14,2)", Sensitivity.INTERNAL),
              new ColumnInfo("visits", "INTEGER", Sensitivity.INTERNAL)));

  @TempDir Path dir;
  private StateStoreImpl store;
  private DataPoolImpl pool;

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:data-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, dir.resolve("home"));
    pool = new DataPoolImpl(store, dir.resolve("pool"), "512MB", 1);
  }

  @AfterEach
  void close() throws SQLException {
    pool.close();
  }

  // ---------------------------------------------------------------- register

  @Test
  void registeredDatasetHasNoVersionUntilLoaded() {
    pool.register(PERSONS);
    DatasetInfo info = pool.dataset("persons").orElseThrow();
    assertEquals(PERSONS, info.definition());
    assertNull(info.currentVersion());
    assertEquals(0, info.rows());
    assertNull(info.loadedAt());
    assertFalse(info.cityWide());
    assertEquals(Sensitivity.PERSONAL, info.sensitivity("person_id").orElseThrow());
    assertTrue(info.sensitivity("secret").isEmpty());
    assertEquals(List.of(info), pool.datasets());
    assertTrue(pool.dataset("unknown").isEmpty());
    assertTrue(pool.dataset("Bad Name").isEmpty());
  }

  @Test
  void registeringTheSameDefinitionAgainChangesNothing() {
    pool.register(PERSONS);
    pool.register(PERSONS);
    assertEquals(1, pool.datasets().size());
  }

  @Test
  void differentDefinitionUnderTheSameNameIsRefused() {
    pool.register(PERSONS);
    List<ColumnInfo> columns = new ArrayList<>(PERSONS.columns());
    columns.set(5, new ColumnInfo("visits", "BIGINT", Sensitivity.INTERNAL));
    DatasetDefinition changed =
        new DatasetDefinition("persons", "常住人口", "公安局", "district", "person_id", columns);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pool.register(changed));
    assertTrue(e.getMessage().contains("'persons'"), e.getMessage());
    assertEquals(PERSONS, pool.dataset("persons").orElseThrow().definition());
  }

  @Test
  void invalidDefinitionsAreRefused() {
    ColumnInfo id = new ColumnInfo("id", "VARCHAR", Sensitivity.PUBLIC);
    List<DatasetDefinition> invalid =
        List.of(
            definition("Persons", "id", null, id),
            definition("1persons", "id", null, id),
            definition("per-sons", "id", null, id),
            definition("persons", "id", null),
            definition("persons", "id", null, id, new ColumnInfo("x", "TEXT", Sensitivity.PUBLIC)),
            definition(
                "persons", "id", null, id, new ColumnInfo("x", "DECIMAL", Sensitivity.PUBLIC)),
            definition("persons", "id", null, id, new ColumnInfo("x", null, Sensitivity.PUBLIC)),
            definition(
                "persons", "id", null, id, new ColumnInfo("Name", "VARCHAR", Sensitivity.PUBLIC)),
            definition("persons", "id", null, id, new ColumnInfo("x", "VARCHAR", null)),
            definition("persons", "id", null, id, id),
            definition("persons", "person_id", null, id),
            definition("persons", "id", "district", id));
    for (DatasetDefinition def : invalid) {
      assertThrows(IllegalArgumentException.class, () -> pool.register(def), def.toString());
    }
    assertEquals(List.of(), pool.datasets());
  }

  @Test
  void decimalTheEngineCannotStoreIsRefusedAtRegistration() {
    ColumnInfo id = new ColumnInfo("id", "VARCHAR", Sensitivity.PUBLIC);
    for (String type : List.of("DECIMAL(50,2)", "DECIMAL(5,10)", "DECIMAL(0,0)")) {
      DatasetDefinition def =
          definition("amounts", "id", null, id, new ColumnInfo("amount", type, Sensitivity.PUBLIC));
      assertThrows(IllegalArgumentException.class, () -> pool.register(def), type);
    }
  }

  // ---------------------------------------------------------------- load

  @Test
  void loadCreatesTheFirstVersion() throws Exception {
    pool.register(PERSONS);
    Path csv = write("persons.csv", HEADER + ROWS);

    LoadResult r = pool.loadCsv("persons", csv, "公安局 2024-03 export");

    assertEquals("persons", r.dataset());
    assertEquals(1, r.version());
    assertEquals(3, r.rowsRead());
    assertEquals(3, r.rowsLoaded());
    assertEquals(0, r.rowsRejected());
    assertTrue(r.created());
    assertEquals(List.of(), r.errors());
    assertEquals(sha256(csv), r.sha256());

    DatasetInfo info = pool.dataset("persons").orElseThrow();
    assertEquals(1, info.currentVersion());
    assertEquals(3, info.rows());
    assertNotNull(info.loadedAt());
  }

  @Test
  void loadedValuesKeepTheirTypes() throws Exception {
    pool.register(PERSONS);
    pool.loadCsv("persons", write("persons.csv", HEADER + ROWS), "test");
    List<List<Object>> rows = query("SELECT * FROM pool.\"persons__v1\" ORDER BY person_id");
    assertEquals(
        List.of(
            "11010519491231002X",
            "张三",
            LocalDate.of(1949, 12, 31),
            "110105",
            new BigDecimal("1500.50"),
            3),
        rows.get(0));
    assertEquals("王,五", rows.get(1).get(1), "quoted field with a comma");
    assertNull(rows.get(1).get(4), "empty field is NULL");
    assertNull(rows.get(1).get(5));
    assertEquals(new BigDecimal("9999.00"), rows.get(2).get(4));
  }

  @Test
  void headerMayComeInAnyOrderAndCaseWithByteOrderMark() throws Exception {
    pool.register(PERSONS);
    Path csv =
        write(
            "persons.csv",
            "\uFEFFVISITS,District,amount,birth_date,name,person_id\n"
                + "7,110105,1.00,2000-02-29,李四,110105200002290013\n");
    assertEquals(1, pool.loadCsv("persons", csv, "test").rowsLoaded());
    assertEquals(
        List.of(List.of("110105200002290013", 7, "110105")),
        query("SELECT person_id, visits, district FROM pool.\"persons__v1\""));
  }

  @Test
  void identicalFileCreatesNoNewVersion() throws Exception {
    pool.register(PERSONS);
    Path csv = write("persons.csv", HEADER + ROWS);
    LoadResult first = pool.loadCsv("persons", csv, "first");

    LoadResult again = pool.loadCsv("persons", write("copy.csv", HEADER + ROWS), "again");

    assertFalse(again.created());
    assertEquals(1, again.version());
    assertEquals(first.sha256(), again.sha256());
    assertEquals(0, again.rowsLoaded());
    assertEquals(1, pool.dataset("persons").orElseThrow().currentVersion());
    assertEquals(Map.of("persons", 1), pool.pin(List.of("persons")).versions());
    assertEquals(0L, tableCount("persons__v2"), "a table was left behind");
  }

  @Test
  void changedFileCreatesANewVersionWhilePinnedRunsKeepTheOld() throws Exception {
    pool.register(PERSONS);
    pool.loadCsv("persons", write("v1.csv", HEADER + ROWS), "v1");
    RunData before = pool.pin(List.of("persons"));

    LoadResult r =
        pool.loadCsv(
            "persons",
            write("v2.csv", HEADER + "110101200001010010,新人,2000-01-01,110101,1,1\n"),
            "v2");

    assertTrue(r.created());
    assertEquals(2, r.version());
    DatasetInfo info = pool.dataset("persons").orElseThrow();
    assertEquals(2, info.currentVersion());
    assertEquals(1, info.rows());

    RunData after = pool.pin(List.of("persons"));
    assertEquals(Map.of("persons", 2), after.versions());
    PhysicalDataset now = after.resolver().resolve("persons").orElseThrow();
    assertEquals(new PhysicalDataset("pool.\"persons__v2\"", "district"), now);

    assertEquals(Map.of("persons", 1), before.versions());
    PhysicalDataset then = before.resolver().resolve("persons").orElseThrow();
    assertEquals("pool.\"persons__v1\"", then.table());

    assertEquals(List.of(List.of(3L)), query("SELECT count(*) FROM " + then.table()));
    assertEquals(List.of(List.of(1L)), query("SELECT count(*) FROM " + now.table()));
  }

  @Test
  void pinIgnoresDatasetsWithoutData() throws Exception {
    pool.register(PERSONS);
    RunData data = pool.pin(List.of("persons", "unknown"));
    assertEquals(Map.of(), data.versions());
    assertTrue(data.resolver().resolve("persons").isEmpty());
    assertTrue(data.resolver().resolve("unknown").isEmpty());
  }

  @Test
  void badRowsAreRejectedWithLineNumbersWhileGoodRowsLoad() throws Exception {
    pool.register(PERSONS);
    Path csv =
        write(
            "persons.csv",
            HEADER
                + "11010519491231002X,张三,1949-12-31,110105,1500.50,3\n" // line 2
                + "110105198001010016,李四,1980-02-30,110105,1,1\n" // line 3: no such date
                + "110105199001010037,王五,1990-01-01,110105,1.234,1\n" // line 4: 3 decimals
                + "110105199101010018,钱七,1991-01-01,110105,1,many\n" // line 5
                + "110105199201010015,孙八,1992-01-01\n" // line 6: too few fields
                + "110108197001010045,赵六,1970-01-01,110108,9999,0\n"); // line 7
    LoadResult r = pool.loadCsv("persons", csv, "test");

    assertTrue(r.created());
    assertEquals(6, r.rowsRead());
    assertEquals(2, r.rowsLoaded());
    assertEquals(4, r.rowsRejected());
    assertEquals(4, r.errors().size(), r.errors().toString());
    assertTrue(
        r.errors().get(0).startsWith("line 3: column birth_date: '1980-02-30'"),
        r.errors().toString());
    assertTrue(
        r.errors().get(1).startsWith("line 4: column amount: '1.234'"), r.errors().toString());
    assertEquals("line 5: column visits: 'many' is not a valid INTEGER", r.errors().get(2));
    assertEquals("line 6: expected 6 fields, found 3", r.errors().get(3));
    assertEquals(2, pool.dataset("persons").orElseThrow().rows());
    assertEquals(
        List.of(List.of("11010519491231002X"), List.of("110108197001010045")),
        query("SELECT person_id FROM pool.\"persons__v1\" ORDER BY 1"));
  }

  @Test
  void multiLineValuesLoadIntact() throws Exception {
    pool.register(PERSONS);
    Path csv = write("persons.csv", HEADER + "11010519491231002X,\"张\n三\",1949-12-31,110105,1,1\n");
    assertEquals(1, pool.loadCsv("persons", csv, "test").rowsLoaded());
    assertEquals(List.of(List.of("张\n三")), query("SELECT name FROM pool.\"persons__v1\""));
  }

  @Test
  void lineNumbersCountPhysicalLinesAfterAMultiLineValue() throws Exception {
    pool.register(PERSONS);
    Path csv =
        write(
            "persons.csv",
            HEADER
                + "11010519491231002X,\"张\n三\",1949-12-31,110105,1,1\n" // lines 2-3
                + "110105198001010016,李四,1980-01-01,110105,1,x\n"); // line 4
    LoadResult r = pool.loadCsv("persons", csv, "test");
    assertEquals(List.of("line 4: column visits: 'x' is not a valid INTEGER"), r.errors());
  }

  @Test
  void onlyTheFirstTwentyErrorsAreKept() throws Exception {
    pool.register(PERSONS);
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < 30; i++) {
      csv.append("id").append(i).append(",n,2000-01-01,110105,1,x\n");
    }
    csv.append("ok,n,2000-01-01,110105,1,1\n");
    LoadResult r = pool.loadCsv("persons", write("p.csv", csv.toString()), "test");
    assertEquals(30, r.rowsRejected());
    assertEquals(20, r.errors().size());
    assertEquals(1, r.rowsLoaded());
  }

  @Test
  void mismatchedHeaderIsRefusedAndCreatesNoVersion() throws Exception {
    pool.register(PERSONS);
    Path missing =
        write("a.csv", "person_id,name,birth_date,district,amount\nx,y,2000-01-01,110105,1\n");
    Path extra = write("b.csv", HEADER.strip() + ",secret\nx,y,2000-01-01,110105,1,1,s\n");
    Path renamed =
        write(
            "c.csv",
            "person_id,name,birth_date,district,amount,visit_count\nx,y,2000-01-01,110105,1,1\n");
    for (Path csv : List.of(missing, extra, renamed)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> pool.loadCsv("persons", csv, "test"));
      assertTrue(e.getMessage().contains("does not match the dataset's columns"), e.getMessage());
    }
    assertNull(pool.dataset("persons").orElseThrow().currentVersion());
    assertEquals(0L, tableCount("persons__v1"), "a table was left behind");
  }

  @Test
  void fileWithNoGoodRowKeepsThePreviousVersion() throws Exception {
    pool.register(PERSONS);
    pool.loadCsv("persons", write("v1.csv", HEADER + ROWS), "v1");
    Path bad =
        write("bad.csv", HEADER + "x,y,not-a-date,110105,1,1\nz,w,2000-01-01,110105,abc,1\n");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.loadCsv("persons", bad, "bad"));
    assertTrue(e.getMessage().startsWith("no row of bad.csv could be loaded"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2: column birth_date"), e.getMessage());

    DatasetInfo info = pool.dataset("persons").orElseThrow();
    assertEquals(1, info.currentVersion());
    assertEquals(3, info.rows());
    assertEquals(Map.of("persons", 1), pool.pin(List.of("persons")).versions());
    assertEquals(0L, tableCount("persons__v2"), "a table was left behind");
  }

  @Test
  void headerOnlyFileIsRefused() throws Exception {
    pool.register(PERSONS);
    assertThrows(
        IllegalArgumentException.class,
        () -> pool.loadCsv("persons", write("empty.csv", HEADER), "test"));
    assertNull(pool.dataset("persons").orElseThrow().currentVersion());
  }

  @Test
  void unknownDatasetIsRefused() throws Exception {
    Path csv = write("persons.csv", HEADER + ROWS);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> pool.loadCsv("persons", csv, "test"));
    assertEquals("unknown dataset 'persons'", e.getMessage());
  }

  @Test
  void cityWideDatasetPinsWithoutDistrictColumn() throws Exception {
    pool.register(
        definition(
            "courts",
            "code",
            null,
            new ColumnInfo("code", "VARCHAR", Sensitivity.PUBLIC),
            new ColumnInfo("name", "VARCHAR", Sensitivity.PUBLIC)));
    pool.loadCsv("courts", write("courts.csv", "code,name\n0105,朝阳\n"), "test");
    assertTrue(pool.dataset("courts").orElseThrow().cityWide());
    assertEquals(
        new PhysicalDataset("pool.\"courts__v1\"", null),
        pool.pin(List.of("courts")).resolver().resolve("courts").orElseThrow());
  }

  // ---------------------------------------------------------------- run connections

  @Test
  void runConnectionCannotReadFiles() throws Exception {
    Path csv = write("persons.csv", HEADER + ROWS);
    String path = csv.toAbsolutePath().toString().replace("'", "''");
    try (Connection c = pool.openRunConnection()) {
      for (String sql :
          List.of(
              "SELECT * FROM read_csv('" + path + "')",
              "SELECT * FROM read_text('" + path + "')",
              "SELECT * FROM '" + path + "'")) {
        try (Statement st = c.createStatement()) {
          SQLException e = assertThrows(SQLException.class, () -> st.executeQuery(sql), sql);
          assertTrue(
              e.getMessage().toLowerCase().contains("disabled"), sql + " -> " + e.getMessage());
        }
      }
    }
  }

  @Test
  void runConnectionsSeeLoadedTablesAndKeepTheirViewsPrivate() throws Exception {
    pool.register(PERSONS);
    pool.loadCsv("persons", write("persons.csv", HEADER + ROWS), "test");
    try (Connection a = pool.openRunConnection();
        Connection b = pool.openRunConnection();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      sa.execute(
          "CREATE TEMPORARY VIEW persons AS SELECT * FROM pool.\"persons__v1\" WHERE district = '110105'");
      try (ResultSet rs = sa.executeQuery("SELECT count(*) FROM persons")) {
        rs.next();
        assertEquals(2, rs.getLong(1));
      }
      assertThrows(SQLException.class, () -> sb.executeQuery("SELECT count(*) FROM persons"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static DatasetDefinition definition(
      String name, String key, String district, ColumnInfo... columns) {
    return new DatasetDefinition(name, "d", "o", district, key, List.of(columns));
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private List<List<Object>> query(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Connection c = pool.openRunConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof java.sql.Date d ? d.toLocalDate() : v);
        }
        out.add(row);
      }
    }
    return out;
  }

  private long tableCount(String table) throws SQLException {
    try (Connection c = pool.openRunConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'pool' AND table_name = '"
                    + table
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
