package org.mingjian.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Version 8 rebuilds the clues table and version 10 moves the sightings to a table of their own: a
 * clue stored by version 7 keeps every detail, and a sighting being recorded when the upgrade comes
 * keeps what it replaced (its undo values). On H2 here; platform/postgresql-tests runs the same on
 * PostgreSQL.
 */
public class ClueTableUpgradeTest {
  private static final String FP =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final UUID KEY = UUID.fromString("9f86d081-884c-7d65-9a2f-eaa0c55ad015");

  /** An empty database. */
  protected Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:upgrade-" + UUID.randomUUID(), "sa", "");
  }

  @Test
  void aVersion7ClueSurvivesEveryUpgradeWithItsSightings() throws Exception {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      assertEquals(7, Migrations.migrate(c, Migrations.SCRIPTS.subList(0, 7)));
      update(
          c,
          "INSERT INTO clues (id, fingerprint, model_id, model_version, district, subject, title,"
              + " score, state, evidence, fields, first_run_id, last_run_id, first_seen, last_seen,"
              + " seen_count, assignee, disposition, state_changed_at, versions, flag) VALUES"
              + " ('c-1', '"
              + FP
              + "', 'm', '1.1.0', '110105', 'S', '标题', 0.7, 'CONFIRMED', '[]', '{}', 'r-1', 'r-2',"
              + " TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00',"
              + " TIMESTAMP WITH TIME ZONE '2026-02-03 04:05:06+00', 2, 'zhang', 'FILED',"
              + " TIMESTAMP WITH TIME ZONE '2026-03-04 05:06:07+00', '|1.0.0|1.1.0|', 'revoked')");
      assertEquals(2, Migrations.migrate(c, Migrations.SCRIPTS.subList(0, 9)), "versions 8 and 9");
      // version 9: run r-3 is recording a sighting of the clue when the upgrade comes
      update(
          c,
          "UPDATE clues SET prev_last_seen = last_seen, prev_last_run_id = last_run_id,"
              + " prev_model_version = model_version, prev_versions = versions,"
              + " last_seen = TIMESTAMP WITH TIME ZONE '2026-04-05 06:07:08+00',"
              + " last_run_id = 'r-3', model_version = '1.2.0', seen_count = 3,"
              + " versions = '|1.0.0|1.1.0|1.2.0|'");

      assertEquals(
          Migrations.SCRIPTS.size() - 9, Migrations.migrate(c), "the versions after 9 are applied");

      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM clue_rows")) {
        assertTrue(rs.next());
        assertEquals("c-1", rs.getString("id"));
        assertEquals(FP, rs.getString("fingerprint"));
        assertEquals(KEY, rs.getObject("fingerprint_key", UUID.class));
        assertEquals("标题", rs.getString("title"));
        assertEquals("CONFIRMED", rs.getString("state"));
        assertEquals("zhang", rs.getString("assignee"));
        assertEquals("FILED", rs.getString("disposition"));
        assertEquals("revoked", rs.getString("flag"));
        assertEquals("r-1", rs.getString("first_run_id"));
        assertEquals(
            Instant.parse("2026-01-02T03:04:05Z"),
            rs.getObject("first_seen", OffsetDateTime.class).toInstant());
        assertEquals("r-3", rs.getString("last_run_id"));
        assertEquals(3, rs.getInt("seen_count"));
        assertEquals("1.2.0", rs.getString("model_version"));
        assertEquals("|1.0.0|1.1.0|1.2.0|", rs.getString("versions"));
        assertEquals(
            Instant.parse("2026-04-05T06:07:08Z"),
            rs.getObject("last_seen", OffsetDateTime.class).toInstant());
        assertFalse(rs.next(), "one clue, one row");
      }
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT prev_last_run_id, prev_model_version, prev_versions, prev_last_seen"
                      + " FROM clue_sightings")) {
        assertTrue(rs.next());
        assertEquals("r-2", rs.getString(1));
        assertEquals("1.1.0", rs.getString(2));
        assertEquals("|1.0.0|1.1.0|", rs.getString(3));
        assertEquals(
            Instant.parse("2026-02-03T04:05:06Z"),
            rs.getObject(4, OffsetDateTime.class).toInstant());
      }
      c.commit();
      // the key, not the text, is what must be unique: a second sighting row is refused
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO clue_sightings (fingerprint_key, last_run_id, last_seen, seen_count,"
                  + " model_version) VALUES (?, 'r', CURRENT_TIMESTAMP, 1, '1')")) {
        ps.setObject(1, KEY);
        assertThrows(SQLException.class, ps::executeUpdate);
      }
      c.rollback();
    }
  }

  private static void update(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      assertEquals(1, st.executeUpdate(sql), sql);
    }
    c.commit();
  }
}
