package org.mingjian.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StoreException;

class StateStoreImplTest {
  @TempDir Path home;
  private JdbcDataSource dataSource;

  @BeforeEach
  void database() {
    dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
  }

  @Test
  void firstStoreAppliesTheSchema() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home.resolve("mingjian"));

    assertEquals(home.resolve("mingjian"), store.home());
    assertTrue(Files.isDirectory(store.home()));
    assertEquals(
        List.of(
            "1 V1__core.sql",
            "2 V2__clue_workflow.sql",
            "3 V3__datasets_governance.sql",
            "4 V4__marketplace.sql",
            "5 V5__schedules.sql",
            "6 V6__recommendations.sql",
            "7 V7__ingestions_quality_lineage.sql",
            "8 V8__clue_recording_at_scale.sql",
            "9 V9__clue_sightings_in_place.sql",
            "10 V10__clue_sightings_table.sql"),
        versions());
    // the core tables exist and are empty
    for (String table :
        List.of(
            "settings",
            "districts",
            "users",
            "tokens",
            "datasets",
            "runs",
            "clues",
            "clue_events")) {
      assertEquals(0L, count("SELECT COUNT(*) FROM " + table), table);
    }
  }

  @Test
  void aScriptsVersionIsTheNumberInItsNameAndTheyAscend() {
    assertEquals(6, Migrations.version("V6__recommendations.sql"));
    assertEquals(12, Migrations.version("V12__x.sql"));
    assertThrows(IllegalArgumentException.class, () -> Migrations.version("recommendations.sql"));
    for (int i = 1; i < Migrations.SCRIPTS.size(); i++) {
      assertTrue(
          Migrations.version(Migrations.SCRIPTS.get(i))
              > Migrations.version(Migrations.SCRIPTS.get(i - 1)),
          Migrations.SCRIPTS.toString());
    }
  }

  @Test
  void secondStoreOnTheSameDatabaseAppliesNothingAndWorks() throws Exception {
    new StateStoreImpl(dataSource, home);
    Timestamp appliedAt = appliedAt();
    StateStoreImpl second = new StateStoreImpl(dataSource, home);

    assertEquals(
        List.of(
            "1 V1__core.sql",
            "2 V2__clue_workflow.sql",
            "3 V3__datasets_governance.sql",
            "4 V4__marketplace.sql",
            "5 V5__schedules.sql",
            "6 V6__recommendations.sql",
            "7 V7__ingestions_quality_lineage.sql",
            "8 V8__clue_recording_at_scale.sql",
            "9 V9__clue_sightings_in_place.sql",
            "10 V10__clue_sightings_table.sql"),
        versions());
    assertEquals(appliedAt, appliedAt(), "V1 was applied again");
    second.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO districts (code, name) VALUES (?, ?)")) {
            Jdbc.bind(ps, "110105", "朝阳区").executeUpdate();
          }
          return null;
        });
    assertEquals(1L, count("SELECT COUNT(*) FROM districts"));
  }

  @Test
  void migrateReportsHowManyScriptsItApplied() throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      assertEquals(Migrations.SCRIPTS.size(), Migrations.migrate(c));
      assertEquals(0, Migrations.migrate(c));
    }
  }

  @Test
  void changedScriptIsDetected() throws Exception {
    new StateStoreImpl(dataSource, home);
    execute("UPDATE schema_version SET checksum = 'not-the-checksum' WHERE version = 1");

    SQLException e = assertThrows(SQLException.class, () -> new StateStoreImpl(dataSource, home));
    assertTrue(e.getMessage().contains("V1__core.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("changed"), e.getMessage());
  }

  @Test
  void wrongChecksumOnAFreshDatabaseStopsBeforeAnyScriptRuns() throws Exception {
    execute(
        "CREATE TABLE schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,"
            + " checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    execute("INSERT INTO schema_version VALUES (1, 'V1__core.sql', 'abc', CURRENT_TIMESTAMP)");

    SQLException e = assertThrows(SQLException.class, () -> new StateStoreImpl(dataSource, home));
    assertTrue(e.getMessage().contains("changed"), e.getMessage());
    assertEquals(
        0L,
        count(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND UPPER(TABLE_NAME) = 'USERS'"));
  }

  @Test
  void transactionCommitsWhenTheWorkReturns() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home);
    String result = store.inTransaction(c -> insertSetting(c, "a", "1"));
    assertEquals("a", result);
    assertEquals(List.of("a=1"), settings());
  }

  @Test
  void transactionRollsBackWhenTheWorkThrows() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home);
    IllegalStateException boom = new IllegalStateException("boom");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                store.inTransaction(
                    c -> {
                      insertSetting(c, "a", "1");
                      throw boom;
                    }));
    assertSame(boom, thrown, "a runtime exception reaches the caller unchanged");
    assertEquals(List.of(), settings());
  }

  @Test
  void transactionRollsBackOnSqlErrorsAndWrapsThem() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home);
    store.inTransaction(c -> insertSetting(c, "kept", "1"));

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                store.inTransaction(
                    c -> {
                      insertSetting(c, "b", "2");
                      // duplicate primary key
                      return insertSetting(c, "kept", "again");
                    }));
    assertInstanceOf(SQLException.class, e.getCause());
    assertTrue(e.getMessage().startsWith("state store: "), e.getMessage());
    assertEquals(List.of("kept=1"), settings());
  }

  @Test
  void connectionIsUsableAfterARollback() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home);
    assertThrows(
        RuntimeException.class,
        () ->
            store.inTransaction(
                c -> {
                  insertSetting(c, "x", "1");
                  throw new IllegalArgumentException("no");
                }));
    store.inTransaction(c -> insertSetting(c, "y", "2"));
    assertEquals(List.of("y=2"), settings());
  }

  @Test
  void statementsAreSplitAtLineEndSemicolonsWithoutComments() {
    List<String> statements =
        Migrations.statements(
            "-- header\n\nCREATE TABLE a (\n  x INT -- inline\n);\n  -- note\nCREATE INDEX i ON a (x);\nSELECT 1");
    assertEquals(3, statements.size(), statements.toString());
    assertEquals("CREATE TABLE a (\n  x INT -- inline\n)", statements.get(0));
    assertEquals("CREATE INDEX i ON a (x)", statements.get(1));
    assertEquals("SELECT 1", statements.get(2));
  }

  @Test
  void randomPasswordsAreLongAlphanumericAndDiffer() {
    String a = StateStoreImpl.randomPassword();
    String b = StateStoreImpl.randomPassword();
    assertTrue(a.matches("[A-Za-z2-9]{24}"), a);
    assertFalse(a.equals(b));
  }

  @Test
  void instantsRoundTripThroughJdbcHelpers() throws Exception {
    StateStoreImpl store = new StateStoreImpl(dataSource, home);
    Instant when = Instant.parse("2024-03-01T08:30:15.123Z");
    Instant read =
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?)")) {
                Jdbc.bind(ps, "u", "110105", "ANALYST", "h", false, when).executeUpdate();
              }
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT created_at FROM users")) {
                rs.next();
                return Jdbc.instant(rs, "created_at");
              }
            });
    assertEquals(when, read);
  }

  // ---------------------------------------------------------------- helpers

  private static String insertSetting(Connection c, String name, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO settings (name, val) VALUES (?, ?)")) {
      Jdbc.bind(ps, name, value).executeUpdate();
    }
    return name;
  }

  private List<String> settings() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, val FROM settings ORDER BY name")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "=" + rs.getString(2));
      }
    }
    return out;
  }

  private List<String> versions() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, script, checksum FROM schema_version ORDER BY version")) {
      while (rs.next()) {
        assertTrue(rs.getString(3).matches("[0-9a-f]{64}"), rs.getString(3));
        out.add(rs.getInt(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  private Timestamp appliedAt() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT applied_at FROM schema_version WHERE version = 1")) {
      assertTrue(rs.next());
      return rs.getTimestamp(1);
    }
  }

  private long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
