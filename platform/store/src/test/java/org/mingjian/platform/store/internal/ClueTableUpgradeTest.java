package org.mingjian.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Version 8 rebuilds the clues table and version 10 moves the sightings to a table of their own: a
 * database of version 7 keeps every clue and detail.
 */
class ClueTableUpgradeTest {
  private static final String FP =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void cluesOfAVersion7DatabaseSurviveWithTheirKey() throws Exception {
    try (Connection c =
        DriverManager.getConnection("jdbc:h2:mem:upgrade-" + UUID.randomUUID(), "sa", "")) {
      c.setAutoCommit(false);
      assertEquals(7, Migrations.migrate(c, Migrations.SCRIPTS.subList(0, 7)));
      try (Statement st = c.createStatement()) {
        st.executeUpdate(
            "INSERT INTO clues (id, fingerprint, model_id, model_version, district, subject, title,"
                + " score, state, evidence, fields, first_run_id, last_run_id, first_seen, last_seen,"
                + " seen_count, assignee, disposition, state_changed_at, versions, flag) VALUES"
                + " ('c-1', '"
                + FP
                + "', 'm', '1.1.0', '110105', 'S', '标题', 0.7, 'CONFIRMED', '[]', '{}', 'r-1', 'r-2',"
                + " TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00',"
                + " TIMESTAMP WITH TIME ZONE '2026-02-03 04:05:06+00', 2, 'zhang', 'FILED',"
                + " TIMESTAMP WITH TIME ZONE '2026-03-04 05:06:07+00', '|1.0.0|1.1.0|', 'revoked')");
      }
      c.commit();

      assertEquals(3, Migrations.migrate(c), "only versions 8, 9 and 10 are applied");

      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM clue_rows")) {
        assertTrue(rs.next());
        assertEquals("c-1", rs.getString("id"));
        assertEquals(FP, rs.getString("fingerprint"));
        assertEquals(
            UUID.fromString("9f86d081-884c-7d65-9a2f-eaa0c55ad015"),
            rs.getObject("fingerprint_key", UUID.class));
        assertEquals("标题", rs.getString("title"));
        assertEquals("CONFIRMED", rs.getString("state"));
        assertEquals(2, rs.getInt("seen_count"));
        assertEquals("zhang", rs.getString("assignee"));
        assertEquals("FILED", rs.getString("disposition"));
        assertEquals("|1.0.0|1.1.0|", rs.getString("versions"));
        assertEquals("revoked", rs.getString("flag"));
        assertEquals("r-2", rs.getString("last_run_id"));
        assertEquals("1.1.0", rs.getString("model_version"));
        assertEquals(
            java.time.Instant.parse("2026-02-03T04:05:06Z"),
            rs.getObject("last_seen", java.time.OffsetDateTime.class).toInstant());
        assertFalse(rs.next(), "one clue, one sighting");
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM clue_sightings")) {
        assertTrue(rs.next());
        assertNull(rs.getString("prev_last_run_id"));
      }
      // the key, not the text, is now what must be unique: a second sighting row is refused
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO clue_sightings (fingerprint_key, last_run_id, last_seen, seen_count,"
                  + " model_version) VALUES (?, 'r', CURRENT_TIMESTAMP, 1, '1')")) {
        ps.setObject(1, UUID.fromString("9f86d081-884c-7d65-9a2f-eaa0c55ad015"));
        assertThrows(SQLException.class, ps::executeUpdate);
      }
    }
  }
}
