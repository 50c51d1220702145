package org.mingjian.platform.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered schema scripts in {@code db/} that the database has not seen yet, each in
 * its own transaction, and refuses to start when an applied script was changed afterwards.
 */
public final class Migrations {
  /**
   * The scripts, in order. Append; never edit one that has shipped. A script's version is the
   * number in its name ({@code V6__x.sql} is version 6), so a number may be left free for a script
   * being written in parallel.
   */
  static final List<String> SCRIPTS =
      List.of(
          "V1__core.sql",
          "V2__clue_workflow.sql",
          "V3__datasets_governance.sql",
          "V4__marketplace.sql",
          "V5__schedules.sql",
          "V6__recommendations.sql",
          "V7__ingestions_quality_lineage.sql",
          "V8__clue_recording_at_scale.sql",
          "V9__clue_sightings_in_place.sql",
          "V10__clue_sightings_table.sql");

  /**
   * Scripts are written in the common subset of H2 and PostgreSQL; a statement that starts with
   * this comment is a storage setting that only PostgreSQL has, and H2 skips it.
   */
  static final String POSTGRESQL_ONLY = "/* PostgreSQL only */";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * @param c a connection with auto-commit off
   * @return the number of scripts applied now
   * @throws SQLException when a script fails or an applied one was modified
   */
  public static int migrate(Connection c) throws SQLException {
    return migrate(c, SCRIPTS);
  }

  /** Applies the first scripts only: how a test builds a database of an earlier version. */
  static int migrate(Connection c, List<String> scripts) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,"
              + " checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    c.commit();
    boolean postgresql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    int applied = 0;
    for (int i = 0; i < scripts.size(); i++) {
      String script = scripts.get(i);
      int version = version(script);
      if (i > 0 && version <= version(scripts.get(i - 1))) {
        throw new SQLException("schema scripts out of order: " + scripts);
      }
      String text = read(script);
      String checksum = sha256(text);
      String existing = null;
      try (PreparedStatement ps =
          c.prepareStatement("SELECT checksum FROM schema_version WHERE version = ?")) {
        ps.setInt(1, version);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            existing = rs.getString(1);
          }
        }
      }
      if (existing != null) {
        if (!existing.equals(checksum)) {
          throw new SQLException("schema script " + script + " was changed after it was applied");
        }
        continue;
      }
      try (Statement st = c.createStatement()) {
        for (String sql : statements(text)) {
          if (sql.startsWith(POSTGRESQL_ONLY)) {
            if (!postgresql) {
              continue;
            }
            sql = sql.substring(POSTGRESQL_ONLY.length()).strip();
          }
          st.execute(sql);
        }
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO schema_version (version, script, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
          ps.setInt(1, version);
          ps.setString(2, script);
          ps.setString(3, checksum);
          ps.setTimestamp(4, Timestamp.from(Instant.now()));
          ps.executeUpdate();
        }
        c.commit();
        applied++;
        LOG.info("Applied schema script {}", script);
      } catch (SQLException e) {
        c.rollback();
        throw new SQLException("schema script " + script + " failed: " + e.getMessage(), e);
      }
    }
    return applied;
  }

  /** {@code V12__name.sql} is version 12. */
  static int version(String script) {
    int end = script.indexOf("__");
    if (!script.startsWith("V") || end < 2) {
      throw new IllegalArgumentException("not a schema script name: " + script);
    }
    return Integer.parseInt(script.substring(1, end));
  }

  static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String read(String script) throws SQLException {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
      if (in == null) {
        throw new SQLException("schema script missing from the bundle: " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SQLException("cannot read schema script " + script, e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
