package org.mingjian.platform.clues.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/**
 * Clue persistence rate: {@link ClueStoreImpl#record} of N clues into a fresh file-based H2 state
 * store (as in production), then the same N again in another order (every one a de-duplicated
 * update; {@code -Dmingjian.bench.sameOrder=true} keeps the first run's order), against a baseline
 * measured in the same run: plain JDBC batch inserts of the same rows into a bare table, then batch
 * updates of them by fingerprint. Not a test (Surefire does not run it); see docs/benchmarks.md.
 *
 * <pre>
 * java -cp ... org.mingjian.platform.clues.internal.ClueRecordBenchmark [N] [repetitions] [runSize]
 * </pre>
 *
 * N defaults to 200 000, repetitions to 3; runSize (default N) is how many clues one record call
 * (one run, one transaction) carries.
 */
public final class ClueRecordBenchmark {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final String[] DISTRICTS = {"110101", "110102", "110105", "110106", "110108"};

  private ClueRecordBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runSize = args.length > 2 ? Integer.parseInt(args[2]) : n;
    System.out.printf(
        "clue persistence: N=%d, %d repetitions, %d clues per record() call, java %s, %d cpus,"
            + " load average %s%n",
        n,
        reps,
        runSize,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Files.readString(Path.of("/proc/loadavg")).strip());
    List<Clue> clues = clues(n);
    // warm-up (not reported): the JIT compiles both paths before anything is measured
    Path warm = Files.createTempDirectory("clue-bench-warmup");
    try {
      List<Clue> some = clues.subList(0, Math.min(clues.size(), 20_000));
      baseline(warm.resolve("baseline"), some);
      store(warm.resolve("store"), some, some.size());
    } finally {
      delete(warm);
    }
    for (int rep = 1; rep <= reps; rep++) {
      Path dir = Files.createTempDirectory("clue-bench");
      try {
        // each in its own fresh database file; which goes first alternates
        double[] base;
        double[] store;
        if (rep % 2 == 1) {
          base = baseline(dir.resolve("baseline"), clues);
          store = store(dir.resolve("store"), clues, runSize);
        } else {
          store = store(dir.resolve("store"), clues, runSize);
          base = baseline(dir.resolve("baseline"), clues);
        }
        double[] chunked = baseline(dir.resolve("chunked"), clues, 500, false);
        double[] indexed = baseline(dir.resolve("indexed"), clues, Integer.MAX_VALUE, true);
        System.out.printf(
            "rep %d  baseline with the clues table's four indexes: insert %,9.0f rows/s, update %,9.0f rows/s%n",
            rep, indexed[0], indexed[1]);
        System.out.printf(
            "rep %d  baseline committing every 500 rows: insert %,9.0f rows/s, update %,9.0f rows/s%n",
            rep, chunked[0], chunked[1]);
        System.out.printf(
            "rep %d  record new: %,9.0f clues/s   record again (dedup): %,9.0f clues/s   |"
                + "  baseline insert: %,9.0f rows/s   baseline update: %,9.0f rows/s   |"
                + "  ratio store/baseline new %.2f, again %.2f%n",
            rep, store[0], store[1], base[0], base[1], store[0] / base[0], store[1] / base[1]);
      } finally {
        delete(dir);
      }
    }
    System.out.printf(
        "load average at the end %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
  }

  /** N distinct clues shaped like the provident-fund model's: ID subject, two evidence rows. */
  public static List<Clue> clues(int n) {
    List<Clue> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String district = DISTRICTS[i % DISTRICTS.length];
      String person =
          district
              + String.format("19%02d%02d%02d%03d", 50 + i % 50, 1 + i % 12, 1 + i % 28, i % 1000)
              + "X";
      String caseNo = "(2025)京" + (i % 100) + "民初" + i + "号";
      out.add(
          Clue.builder()
              .subject(person.substring(0, 18))
              .district(district)
              .title("民间借贷调解案件" + caseNo + "结案" + (i % 90) + "天后强制提取被告公积金（REPEAT_AGENT）")
              .score(0.4 + (i % 7) / 10.0)
              .field("reason", i % 3 == 0 ? "REPEAT_AGENT|REPEAT_LENDER" : "REPEAT_AGENT")
              .field("days_after", i % 90)
              .field("lender_cases", 3 + i % 5)
              .field("agent_cases", 4 + i % 6)
              .evidence(
                  Evidence.of("civil_judgments", caseNo)
                      .with("case_no", caseNo)
                      .with("closed_on", LocalDate.of(2025, 1 + i % 12, 1 + i % 28))
                      .with("closing_method", "调解")
                      .with("amount", 50_000 + i % 1000))
              .evidence(
                  Evidence.of("fund_withdrawals", "W" + i)
                      .with("withdrawal_id", "W" + i)
                      .with("person_id", person.substring(0, 18))
                      .with("amount", 48_000 + i % 1000)
                      .with("reason", "COURT_ENFORCEMENT"))
              .build());
    }
    return out;
  }

  private static JdbcDataSource dataSource(Path file) {
    JdbcDataSource ds = new JdbcDataSource();
    // as etc/org.ops4j.datasource-mingjian.cfg: an embedded H2 file
    // -Dmingjian.bench.h2=";CACHE_SIZE=131072" tries other H2 settings on both sides
    ds.setURL(
        "jdbc:h2:file:"
            + file
            + ";DB_CLOSE_DELAY=-1"
            + System.getProperty("mingjian.bench.h2", ""));
    ds.setUser("mingjian");
    ds.setPassword("bench");
    return ds;
  }

  /**
   * The clues in the order the second run returns them. A model does not return its clues in the
   * same order each run (a parallel query does not), so the second run sees them shuffled, unless
   * {@code -Dmingjian.bench.sameOrder=true}.
   */
  static List<Clue> secondRun(List<Clue> clues) {
    if (Boolean.getBoolean("mingjian.bench.sameOrder")) {
      return clues;
    }
    List<Clue> out = new ArrayList<>(clues);
    Collections.shuffle(out, new Random(7));
    return out;
  }

  /** clues/s of the first and of the second (de-duplicated) recording. */
  private static double[] store(Path file, List<Clue> clues, int runSize) throws Exception {
    return store(dataSource(file), file.getParent().resolve("home"), clues, runSize);
  }

  /**
   * Records the clues twice through the state store on any database (H2 or PostgreSQL).
   *
   * @return clues/s of the first and of the second (de-duplicated) recording
   */
  public static double[] store(DataSource ds, Path home, List<Clue> clues, int runSize)
      throws Exception {
    StateStoreImpl state = new StateStoreImpl(ds, home);
    // -Dmingjian.bench.sql="ALTER TABLE ..." tries a change of the schema (store side only)
    String extra = System.getProperty("mingjian.bench.sql");
    if (extra != null) {
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        st.execute(extra);
      }
    }
    ClueStoreImpl store = new ClueStoreImpl(state);
    double[] rates = new double[2];
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        clues = secondRun(clues);
      }
      System.gc();
      long t0 = System.nanoTime();
      int created = 0;
      int updated = 0;
      for (int from = 0; from < clues.size(); from += runSize) {
        RecordResult r =
            store.record(
                MODEL,
                pass == 0 ? "1.0.0" : "1.0.1",
                UUID.randomUUID().toString(),
                clues.subList(from, Math.min(clues.size(), from + runSize)));
        created += r.created();
        updated += r.updated();
      }
      checkpoint(ds);
      double s = (System.nanoTime() - t0) / 1e9;
      int expectedNew = pass == 0 ? clues.size() : 0;
      if (created != expectedNew || created + updated != clues.size()) {
        throw new IllegalStateException(
            "pass " + pass + ": " + created + " new, " + updated + " updated");
      }
      rates[pass] = clues.size() / s;
    }
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT COUNT(*), MIN(seen_count), MAX(seen_count) FROM clue_rows")) {
      rs.next();
      if (rs.getLong(1) != clues.size() || rs.getInt(2) != 2 || rs.getInt(3) != 2) {
        throw new IllegalStateException("unexpected table after two passes");
      }
      shutdown(st);
    }
    return rates;
  }

  /** The floor: rows/s of plain batch inserts, then batch updates by fingerprint, same rows. */
  private static double[] baseline(Path file, List<Clue> clues) throws Exception {
    return baseline(file, clues, Integer.MAX_VALUE, false);
  }

  /**
   * @param commitEvery commit after this many rows (the store commits once per record() call)
   */
  private static double[] baseline(Path file, List<Clue> clues, int commitEvery, boolean indexed)
      throws Exception {
    return baseline(dataSource(file), clues, commitEvery, indexed);
  }

  /**
   * The same rows by plain JDBC batches into a bare table, on any database.
   *
   * @param commitEvery commit after this many rows
   * @param indexed with the four indexes of the clues table, else only the fingerprint's
   * @return rows/s of the inserts and of the updates by fingerprint
   */
  public static double[] baseline(DataSource ds, List<Clue> clues, int commitEvery, boolean indexed)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    double[] rates = new double[2];
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute(
            "CREATE TABLE bare (id VARCHAR(36), fingerprint VARCHAR(64), model_id VARCHAR(64),"
                + " model_version VARCHAR(32), district VARCHAR(6), subject VARCHAR(128),"
                + " title VARCHAR(1000), score DOUBLE PRECISION, state VARCHAR(16), evidence VARCHAR,"
                + " fields VARCHAR, first_run_id VARCHAR(36), last_run_id VARCHAR(36),"
                + " first_seen TIMESTAMP WITH TIME ZONE, last_seen TIMESTAMP WITH TIME ZONE,"
                + " seen_count INT, versions VARCHAR(1000))");
        st.execute("CREATE UNIQUE INDEX bare_fp ON bare (fingerprint)");
        if (indexed) {
          // the indexes the state store's clues table has (V1, V6)
          st.execute("ALTER TABLE bare ALTER COLUMN id SET NOT NULL");
          st.execute("ALTER TABLE bare ADD PRIMARY KEY (id)");
          st.execute("CREATE INDEX bare_by_district ON bare (district, model_id, state)");
          st.execute("CREATE INDEX bare_confirmed ON bare (state, model_id)");
        }
      }
      c.commit();
      System.gc();
      long t0 = System.nanoTime();
      String runId = UUID.randomUUID().toString();
      Timestamp now = Timestamp.from(Instant.now());
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?, ?, ?, ?, ?, ?, 1, ?)")) {
        int i = 0;
        for (Clue clue : clues) {
          List<Map<String, Object>> ev = new ArrayList<>();
          for (Evidence e : clue.evidence()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dataset", e.dataset());
            m.put("rowKey", e.rowKey());
            Map<String, Object> f = new LinkedHashMap<>();
            e.fields().forEach((k, v) -> f.put(k, v instanceof LocalDate ? v.toString() : v));
            m.put("fields", f);
            ev.add(m);
          }
          ps.setString(1, UUID.randomUUID().toString());
          ps.setString(2, ClueStoreImpl.fingerprint(MODEL, clue));
          ps.setString(3, MODEL);
          ps.setString(4, "1.0.0");
          ps.setString(5, clue.district());
          ps.setString(6, clue.subject());
          ps.setString(7, clue.title());
          ps.setDouble(8, clue.score());
          ps.setString(9, json.writeValueAsString(ev));
          ps.setString(10, json.writeValueAsString(clue.fields()));
          ps.setString(11, runId);
          ps.setString(12, runId);
          ps.setTimestamp(13, now);
          ps.setTimestamp(14, now);
          ps.setString(15, "|1.0.0|");
          ps.addBatch();
          if (++i % 500 == 0) {
            ps.executeBatch();
          }
          if (i % commitEvery == 0) {
            c.commit();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      checkpoint(c);
      rates[0] = clues.size() / ((System.nanoTime() - t0) / 1e9);

      System.gc();
      t0 = System.nanoTime();
      String run2 = UUID.randomUUID().toString();
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE bare SET last_seen = ?, last_run_id = ?, model_version = ?,"
                  + " seen_count = seen_count + 1 WHERE fingerprint = ?")) {
        int i = 0;
        for (Clue clue : secondRun(clues)) {
          ps.setTimestamp(1, Timestamp.from(Instant.now()));
          ps.setString(2, run2);
          ps.setString(3, "1.0.1");
          ps.setString(4, ClueStoreImpl.fingerprint(MODEL, clue));
          ps.addBatch();
          if (++i % 500 == 0) {
            ps.executeBatch();
          }
          if (i % commitEvery == 0) {
            c.commit();
          }
        }
        ps.executeBatch();
      }
      c.commit();
      checkpoint(c);
      rates[1] = clues.size() / ((System.nanoTime() - t0) / 1e9);
      try (Statement st = c.createStatement()) {
        shutdown(st);
      }
    }
    return rates;
  }

  /**
   * Forces what was committed to disk, so both sides pay for durability alike. PostgreSQL with
   * {@code fsync} and {@code synchronous_commit} on has flushed its WAL at each commit already.
   */
  private static void checkpoint(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection()) {
      checkpoint(c);
    }
  }

  private static void checkpoint(Connection c) throws Exception {
    if (isH2(c)) {
      try (Statement st = c.createStatement()) {
        st.execute("CHECKPOINT SYNC");
      }
    }
  }

  private static void shutdown(Statement st) throws Exception {
    if (isH2(st.getConnection())) {
      st.execute("SHUTDOWN");
    }
  }

  private static boolean isH2(Connection c) throws Exception {
    return c.getMetaData().getDatabaseProductName().equals("H2");
  }

  private static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
