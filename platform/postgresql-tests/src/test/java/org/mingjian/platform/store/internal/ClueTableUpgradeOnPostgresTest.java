package org.mingjian.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.postgresql.PostgresCluster;

/**
 * A PostgreSQL state store of version 9, as deployments have it, upgraded to version 10: each clue
 * keeps its sightings, now in {@code clue_sightings}, including a sighting's undo values.
 */
class ClueTableUpgradeOnPostgresTest {
  private static final UUID KEY = UUID.fromString("9f86d081-884c-7d65-9a2f-eaa0c55ad015");

  @Test
  void cluesOfAVersion9DatabaseKeepTheirSightings() throws Exception {
    try (Connection c = PostgresCluster.shared().newDatabase("upgrade").getConnection()) {
      c.setAutoCommit(false);
      assertEquals(9, Migrations.migrate(c, Migrations.SCRIPTS.subList(0, 9)));
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO clues (id, fingerprint, fingerprint_key, model_id, model_version,"
                  + " district, subject, title, score, state, evidence, fields, first_run_id,"
                  + " last_run_id, first_seen, last_seen, seen_count, assignee, disposition,"
                  + " state_changed_at, versions, flag, prev_last_seen, prev_last_run_id,"
                  + " prev_model_version, prev_versions) VALUES ('c-1', ?, ?, 'm', '1.1.0',"
                  + " '110105', 'S', '标题', 0.7, 'VERIFYING', '[]', '{}', 'r-1', 'r-3',"
                  + " TIMESTAMPTZ '2026-01-02 03:04:05+00', TIMESTAMPTZ '2026-02-03 04:05:06+00',"
                  + " 3, 'zhang', NULL, TIMESTAMPTZ '2026-03-04 05:06:07+00', '|1.0.0|1.1.0|',"
                  + " NULL, TIMESTAMPTZ '2026-01-20 00:00:00+00', 'r-2', '1.0.0', '|1.0.0|')")) {
        ps.setString(1, KEY.toString().replace("-", "") + "0".repeat(32));
        ps.setObject(2, KEY);
        ps.executeUpdate();
      }
      c.commit();

      assertEquals(1, Migrations.migrate(c), "only version 10 is applied");

      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM clue_rows")) {
        assertTrue(rs.next());
        assertEquals("c-1", rs.getString("id"));
        assertEquals("标题", rs.getString("title"));
        assertEquals("VERIFYING", rs.getString("state"));
        assertEquals("zhang", rs.getString("assignee"));
        assertEquals("r-1", rs.getString("first_run_id"));
        assertEquals("r-3", rs.getString("last_run_id"));
        assertEquals(3, rs.getInt("seen_count"));
        assertEquals("1.1.0", rs.getString("model_version"));
        assertEquals("|1.0.0|1.1.0|", rs.getString("versions"));
        assertEquals(
            Instant.parse("2026-02-03T04:05:06Z"),
            rs.getObject("last_seen", OffsetDateTime.class).toInstant());
        assertFalse(rs.next(), "one clue, one row");
      }
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT prev_last_run_id, prev_model_version, prev_versions, prev_last_seen"
                      + " FROM clue_sightings WHERE fingerprint_key = '"
                      + KEY
                      + "'")) {
        assertTrue(rs.next());
        assertEquals("r-2", rs.getString(1));
        assertEquals("1.0.0", rs.getString(2));
        assertEquals("|1.0.0|", rs.getString(3));
        assertEquals(
            Instant.parse("2026-01-20T00:00:00Z"),
            rs.getObject(4, OffsetDateTime.class).toInstant());
      }
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT reloptions FROM pg_class WHERE relname = 'clue_sightings'")) {
        assertTrue(rs.next());
        assertEquals("{fillfactor=70}", rs.getString(1));
      }
      c.commit();
      // the sighting's key keeps clues unique
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
}
