package org.mingjian.platform.clues.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The prototype behind schema V10 (docs/benchmarks.md §8, ADR 0006): the sighting columns of a clue
 * in a narrow table of their own ({@code clue_sightings}, keyed by the de-duplication key) instead
 * of in the wide {@code clues} table, on H2. Plain JDBC on a fresh H2 file per layout; the same
 * writes as {@link ClueStoreImpl} (existence lookups of 500, INSERTs of 100 rows, a transaction per
 * 500, sightings in row order, one UPDATE per 500), then one district's first page of the queue.
 * Not a test (Surefire does not run it).
 *
 * <pre>
 * java -cp ... org.mingjian.platform.clues.internal.NarrowSightingsBenchmark [N] [repetitions]
 * </pre>
 */
public final class NarrowSightingsBenchmark {
  private static final int CHUNK = 500;
  private static final String[] DISTRICTS = {"110101", "110102", "110105", "110106", "110108"};
  private static final String SIGHTING_COLUMNS =
      "last_seen TIMESTAMP WITH TIME ZONE NOT NULL, last_run_id VARCHAR(36) NOT NULL,"
          + " model_version VARCHAR(32) NOT NULL, seen_count INT NOT NULL, versions VARCHAR(1000),"
          + " prev_last_seen TIMESTAMP WITH TIME ZONE, prev_last_run_id VARCHAR(36),"
          + " prev_model_version VARCHAR(32), prev_versions VARCHAR(1000)";
  private static final String EVIDENCE =
      "[{\"dataset\":\"civil_judgments\",\"rowKey\":\"(2025)京12民初123号\",\"fields\":{\"case_no\":"
          + "\"(2025)京12民初123号\",\"closed_on\":\"2025-03-04\",\"closing_method\":\"调解\","
          + "\"amount\":50123}},{\"dataset\":\"fund_withdrawals\",\"rowKey\":\"W123\",\"fields\":"
          + "{\"withdrawal_id\":\"W123\",\"person_id\":\"110101195001010001\",\"amount\":48123,"
          + "\"reason\":\"COURT_ENFORCEMENT\"}}]";
  private static final String FIELDS =
      "{\"reason\":\"REPEAT_AGENT|REPEAT_LENDER\",\"days_after\":12,\"lender_cases\":4,"
          + "\"agent_cases\":6}";

  private NarrowSightingsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    System.out.printf(
        "sightings in the clues table vs in a narrow table, H2: N=%d, load average %s%n",
        n, Files.readString(Path.of("/proc/loadavg")).strip());
    for (int rep = 1; rep <= reps; rep++) {
      for (boolean narrow : new boolean[] {false, true}) {
        Path dir = Files.createTempDirectory("narrow-sightings");
        try {
          double[] r = measure(dir.resolve("db"), n, narrow);
          System.out.printf(
              "rep %d  %-32s new %,8.0f clues/s   again (shuffled) %,8.0f clues/s"
                  + "   one district's first page %,5.0f ms%n",
              rep,
              narrow ? "narrow clue_sightings table" : "sightings in clues (V8)",
              r[0],
              r[1],
              r[2]);
        } finally {
          try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
      }
    }
  }

  /** new clues/s, de-duplicated clues/s, ms for one district's first page of 50. */
  private static double[] measure(Path file, int n, boolean narrow) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + file, "bench", "bench");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE clues (id VARCHAR(36) PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL,"
              + " fingerprint_key UUID NOT NULL, model_id VARCHAR(64) NOT NULL,"
              + " district VARCHAR(6) NOT NULL, subject VARCHAR(128) NOT NULL,"
              + " title VARCHAR(1000) NOT NULL, score DOUBLE PRECISION NOT NULL,"
              + " state VARCHAR(16) NOT NULL, evidence VARCHAR NOT NULL, fields VARCHAR NOT NULL,"
              + " first_run_id VARCHAR(36) NOT NULL, first_seen TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " assignee VARCHAR(64), disposition VARCHAR(40),"
              + " state_changed_at TIMESTAMP WITH TIME ZONE, flag VARCHAR(1000)"
              + (narrow ? "" : ", " + SIGHTING_COLUMNS)
              + ")");
      st.execute("CREATE INDEX clues_by_district ON clues (district, model_id, state)");
      st.execute("CREATE INDEX clues_confirmed ON clues (state, model_id)");
      String sightings = narrow ? "clue_sightings" : "clues";
      if (narrow) {
        st.execute(
            "CREATE TABLE clue_sightings (fingerprint_key UUID PRIMARY KEY, "
                + SIGHTING_COLUMNS
                + ")");
      } else {
        st.execute("CREATE UNIQUE INDEX clues_by_fingerprint ON clues (fingerprint_key)");
      }
      c.setAutoCommit(false);
      List<UUID> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        keys.add(UUID.randomUUID());
      }
      Timestamp now = new Timestamp(System.currentTimeMillis());

      long t0 = System.nanoTime();
      for (int from = 0; from < n; from += CHUNK) {
        List<UUID> chunk = keys.subList(from, Math.min(n, from + CHUNK));
        positions(c, sightings, chunk);
        for (int r = 0; r < chunk.size(); r += 100) {
          insert(c, chunk.subList(r, Math.min(chunk.size(), r + 100)), from + r, now, narrow);
        }
        c.commit();
      }
      st.execute("CHECKPOINT SYNC");
      double created = n / ((System.nanoTime() - t0) / 1e9);

      List<UUID> again = new ArrayList<>(keys);
      Collections.shuffle(again, new Random(7));
      t0 = System.nanoTime();
      Map<UUID, Long> position = new HashMap<>();
      for (int from = 0; from < n; from += CHUNK) {
        position.putAll(positions(c, sightings, again.subList(from, Math.min(n, from + CHUNK))));
      }
      c.commit();
      again.sort(Comparator.comparingLong(position::get));
      Timestamp later = new Timestamp(System.currentTimeMillis());
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + sightings
                  + " SET prev_last_seen = last_seen, prev_last_run_id = last_run_id,"
                  + " prev_model_version = model_version, prev_versions = versions,"
                  + " last_seen = ?, last_run_id = 'run-2', model_version = '1.0.1',"
                  + " seen_count = seen_count + 1, versions = versions || '1.0.1|'"
                  + " WHERE fingerprint_key IN ("
                  + String.join(",", Collections.nCopies(CHUNK, "?"))
                  + ")")) {
        for (int from = 0; from + CHUNK <= n; from += CHUNK) {
          ps.setTimestamp(1, later);
          for (int j = 0; j < CHUNK; j++) {
            ps.setObject(2 + j, again.get(from + j));
          }
          if (ps.executeUpdate() != CHUNK) {
            throw new IllegalStateException("a sighting found no clue");
          }
          c.commit();
        }
      }
      st.execute("CHECKPOINT SYNC");
      double seen = n / ((System.nanoTime() - t0) / 1e9);

      String page =
          narrow
              ? "SELECT c.id, s.last_seen FROM clues c JOIN clue_sightings s"
                  + " ON s.fingerprint_key = c.fingerprint_key WHERE c.district = '110105'"
                  + " AND c.model_id = 'm' ORDER BY s.last_seen DESC, c.score, c.id LIMIT 50"
              : "SELECT id, last_seen FROM clues WHERE district = '110105' AND model_id = 'm'"
                  + " ORDER BY last_seen DESC, score, id LIMIT 50";
      t0 = System.nanoTime();
      for (int k = 0; k < 5; k++) {
        try (ResultSet rs = st.executeQuery(page)) {
          while (rs.next()) {
            // read every row
          }
        }
      }
      return new double[] {created, seen, (System.nanoTime() - t0) / 1e6 / 5};
    }
  }

  private static void insert(
      Connection c, List<UUID> rows, int first, Timestamp now, boolean narrow) throws SQLException {
    String row =
        narrow
            ? "(?,?,?,'m',?,?,?,0.5,'NEW',?,?,'run-1',?)"
            : "(?,?,?,'m',?,?,?,0.5,'NEW',?,?,'run-1',?,?,'run-1','1.0.0',1,'|1.0.0|')";
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO clues (id, fingerprint, fingerprint_key, model_id, district, subject,"
                + " title, score, state, evidence, fields, first_run_id, first_seen"
                + (narrow ? "" : ", last_seen, last_run_id, model_version, seen_count, versions")
                + ") VALUES "
                + String.join(",", Collections.nCopies(rows.size(), row)))) {
      int p = 1;
      for (int j = 0; j < rows.size(); j++) {
        int i = first + j;
        ps.setString(p++, ClueIds.next().toString());
        ps.setString(p++, (rows.get(j).toString() + rows.get(j)).replace("-", "").substring(0, 64));
        ps.setObject(p++, rows.get(j));
        ps.setString(p++, DISTRICTS[i % DISTRICTS.length]);
        ps.setString(p++, "11010119500101" + i);
        ps.setString(p++, "民间借贷调解案件(2025)京12民初" + i + "号结案12天后强制提取被告公积金（REPEAT_AGENT）");
        ps.setString(p++, EVIDENCE);
        ps.setString(p++, FIELDS);
        ps.setTimestamp(p++, now);
        if (!narrow) {
          ps.setTimestamp(p++, now);
        }
      }
      ps.executeUpdate();
    }
    if (narrow) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO clue_sightings (fingerprint_key, last_seen, last_run_id, model_version,"
                  + " seen_count, versions) VALUES "
                  + String.join(
                      ",",
                      Collections.nCopies(rows.size(), "(?,?,'run-1','1.0.0',1,'|1.0.0|')")))) {
        int p = 1;
        for (UUID k : rows) {
          ps.setObject(p++, k);
          ps.setTimestamp(p++, now);
        }
        ps.executeUpdate();
      }
    }
  }

  /** The row positions of the stored keys among {@code keys}, as ClueStoreImpl asks H2. */
  private static Map<UUID, Long> positions(Connection c, String table, List<UUID> keys)
      throws SQLException {
    Map<UUID, Long> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT fingerprint_key, _ROWID_ FROM "
                + table
                + " WHERE fingerprint_key IN ("
                + String.join(",", Collections.nCopies(keys.size(), "?"))
                + ")")) {
      for (int j = 0; j < keys.size(); j++) {
        ps.setObject(j + 1, keys.get(j));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getObject(1, UUID.class), rs.getLong(2));
        }
      }
    }
    return out;
  }
}
