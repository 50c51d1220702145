package org.mingjian.platform.clues.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.clues.ClueWorkflowException;
import org.mingjian.platform.clues.ClueWorkflowException.Kind;
import org.mingjian.platform.clues.Page;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clues in the state store: the finding and its workflow in {@code clues} (evidence and fields as
 * JSON), its sightings in {@code clue_sightings}, both read as one row through the view {@code
 * clue_rows} (schema V10, ADR 0006).
 */
@Component(service = ClueStore.class)
public final class ClueStoreImpl implements ClueStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ClueStoreImpl.class);

  /** Clues per existence lookup and per sighting update. */
  static final int CHUNK = 500;

  /**
   * How a large run is written, by database (docs/benchmarks.md §8). H2: transactions of 500 clues,
   * one at a time (one transaction of hundreds of thousands of rows is several times slower, and
   * two writers contend for its in-process B-trees). PostgreSQL: transactions of 5 000 (each commit
   * waits for a WAL flush) on two connections at once (alone, the client and the server take turns
   * and leave the machine half idle). {@code shared}: other nodes may write to the same database.
   * {@code rowPosition}: an SQL expression for where a sighting's row is stored; a run's sightings
   * are written in that order (H2's row key: 3× faster than in the order of a run that returns its
   * clues shuffled). PostgreSQL's {@code ctid} bought nothing measurable, as reading it costs a
   * visit to the table, so there every row has position 0 and the run's order stays.
   */
  record Tuning(int transactionRows, int writers, boolean shared, String rowPosition) {
    static final Tuning H2 = new Tuning(500, 1, false, "_ROWID_");
    static final Tuning SERVER = new Tuning(5_000, 2, true, "0");
  }

  /**
   * Shows only published clues: a large run's new clues stay out of sight until its recording ends
   * (see {@link #recordInChunks}).
   */
  static final String PUBLISHED = " AND first_run_id NOT IN (SELECT run_id FROM clue_recordings)";

  private static final int MAX_TEXT = 4000;

  /** The allowed steps: from state to the states it may move to. */
  static final Map<String, java.util.Set<String>> STEPS =
      Map.of(
          "NEW", java.util.Set.of("ASSIGNED", "VERIFYING"),
          "ASSIGNED", java.util.Set.of("VERIFYING", "DISMISSED"),
          "VERIFYING", java.util.Set.of("CONFIRMED", "DISMISSED"),
          "CONFIRMED", java.util.Set.of(),
          "DISMISSED", java.util.Set.of());

  private final StateStore store;
  private final Map<String, ReentrantLock> recordingLocks = new ConcurrentHashMap<>();

  @Activate
  public ClueStoreImpl(@Reference StateStore store) {
    this.store = store;
    recover();
  }

  /**
   * @param modelId the model
   * @param clue a clue with its district set
   * @return the clue's identity across runs
   */
  public static String fingerprint(String modelId, Clue clue) {
    TreeSet<String> keys = new TreeSet<>();
    for (Evidence e : clue.evidence()) {
      keys.add(e.dataset() + ':' + e.rowKey());
    }
    String identity =
        modelId
            + '\u0000'
            + clue.district()
            + '\u0000'
            + clue.subject()
            + '\u0000'
            + String.join("\u0000", keys);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RecordResult record(String modelId, String modelVersion, String runId, List<Clue> clues) {
    // the same finding twice in one run is one clue
    Map<String, Clue> byFingerprint = new LinkedHashMap<>();
    for (Clue c : clues) {
      if (c.district() == null) {
        throw new IllegalArgumentException("clue without district: " + c);
      }
      byFingerprint.putIfAbsent(fingerprint(modelId, c), c);
    }
    List<String> all = new ArrayList<>(byFingerprint.keySet());
    List<UUID> keys = all.stream().map(ClueStoreImpl::key).toList();
    Tuning t = tuning();
    Recording r = new Recording(modelId, modelVersion, runId, byFingerprint, Instant.now());
    // Fingerprints contain the model: only recordings of the same model can meet on a clue, and
    // they take turns so that what one looked up is still true when it writes.
    ReentrantLock lock = recordingLocks.computeIfAbsent(modelId, k -> new ReentrantLock());
    lock.lock();
    try {
      if (all.size() <= t.transactionRows()) {
        // the usual run: one transaction
        return store.inTransaction(
            c -> r.write(c, inWritingOrder(all, keys, existing(c, keys, t.rowPosition()))));
      }
      return recordInChunks(r, all, keys, t);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A large run is written in transactions of {@link Tuning#transactionRows()} clues, by {@link
   * Tuning#writers()} connections at once. While its row in {@code clue_recordings} exists its new
   * clues are not shown; deleting that row publishes them all at once. A failure undoes what was
   * written; after a crash {@link #recover()} does.
   */
  private RecordResult recordInChunks(Recording r, List<String> all, List<UUID> keys, Tuning t) {
    // other models' large runs may be recording right now, in this node or another
    recover(Instant.now().minus(ABANDONED_AFTER));
    store.inTransaction(c -> insertRecording(c, r.runId, r.modelId, r.now));
    try {
      // Which clues exist is asked before anything is written: once rows are inserted,
      // PostgreSQL still plans with the table's old statistics and the lookups turn into scans of
      // the growing table (355 clues/s instead of thousands, measured).
      List<Sighting> ordered =
          inWritingOrder(all, keys, store.inTransaction(c -> existing(c, keys, t.rowPosition())));
      List<Callable<RecordResult>> slices = new ArrayList<>();
      for (int from = 0; from < ordered.size(); from += t.transactionRows()) {
        List<Sighting> slice =
            ordered.subList(from, Math.min(ordered.size(), from + t.transactionRows()));
        slices.add(() -> store.inTransaction(c -> r.write(c, slice)));
      }
      int created = 0;
      int updated = 0;
      for (RecordResult part : inParallel(slices, t.writers())) {
        created += part.created();
        updated += part.updated();
      }
      store.inTransaction(c -> deleteRecording(c, r.runId));
      return new RecordResult(created, updated);
    } catch (RuntimeException e) {
      try {
        undo(r.runId);
      } catch (RuntimeException undoFailed) {
        // the row in clue_recordings stays: the next start undoes the recording
        e.addSuppressed(undoFailed);
      }
      throw e;
    }
  }

  private Tuning tuning() {
    return "H2".equals(store.databaseProduct()) ? Tuning.H2 : Tuning.SERVER;
  }

  /**
   * Runs the work on up to {@code writers} threads, or in this one when {@code writers} is 1. The
   * first failure is thrown, and only once no piece of the work is still running: an undo must not
   * race a transaction that is about to commit.
   */
  private static <T> List<T> inParallel(List<Callable<T>> work, int writers) {
    List<T> out = new ArrayList<>();
    if (writers <= 1 || work.size() == 1) {
      for (Callable<T> piece : work) {
        try {
          out.add(piece.call());
        } catch (RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(writers, work.size()));
    try {
      for (Future<T> f : pool.invokeAll(work)) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording clues", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
      boolean interrupted = false;
      while (!pool.isTerminated()) {
        try {
          pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * On a database that several nodes share, a recording started this long ago is taken for one
   * whose node died: at {@code maxClues} (100 000) a recording takes seconds.
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(30);

  /**
   * Undoes the recordings a crash cut short: their new clues are removed and the clues they saw
   * again get back their last sighting. Runs when the store starts, before it is offered to anyone
   * (and for abandoned recordings only, before each large recording). On the embedded H2 database
   * this node is the only writer and every listed recording is undone; on PostgreSQL, which several
   * nodes may share (operations.md §4), only those older than {@link #ABANDONED_AFTER}.
   *
   * @return the runs whose recording was undone
   */
  List<String> recover() {
    return recover(
        tuning().shared() ? Instant.now().minus(ABANDONED_AFTER) : Instant.now().plusSeconds(1));
  }

  /** Undoes the recordings started before {@code before}. */
  private List<String> recover(Instant before) {
    List<String> runs =
        store.inTransaction(
            c -> {
              List<String> out = new ArrayList<>();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT run_id FROM clue_recordings WHERE started_at < ? ORDER BY started_at")) {
                Jdbc.bind(ps, before);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(rs.getString(1));
                  }
                }
              }
              return out;
            });
    for (String run : runs) {
      undo(run);
      LOG.warn("Undid the unfinished recording of the clues of run {}", run);
    }
    return runs;
  }

  /** One transaction: the run's new clues go, the clues it saw again are as before it. */
  private void undo(String runId) {
    store.inTransaction(
        c -> {
          try (PreparedStatement forget =
                  c.prepareStatement(
                      "DELETE FROM clue_sightings WHERE fingerprint_key IN"
                          + " (SELECT fingerprint_key FROM clues WHERE first_run_id = ?)");
              PreparedStatement remove =
                  c.prepareStatement("DELETE FROM clues WHERE first_run_id = ?");
              PreparedStatement restore =
                  c.prepareStatement(
                      "UPDATE clue_sightings SET last_seen = prev_last_seen,"
                          + " last_run_id = prev_last_run_id, model_version = prev_model_version,"
                          + " versions = prev_versions, seen_count = seen_count - 1,"
                          + " prev_last_seen = NULL, prev_last_run_id = NULL,"
                          + " prev_model_version = NULL, prev_versions = NULL WHERE last_run_id = ?")) {
            // the run's new clues go first: what is left with its run is a sighting of an older one
            Jdbc.bind(forget, runId).executeUpdate();
            Jdbc.bind(remove, runId).executeUpdate();
            Jdbc.bind(restore, runId).executeUpdate();
          }
          return deleteRecording(c, runId);
        });
  }

  /** Lists the run in {@code clue_recordings}: its new clues stay out of sight until it is gone. */
  static int insertRecording(Connection c, String runId, String modelId, Instant startedAt)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO clue_recordings (run_id, model_id, started_at) VALUES (?, ?, ?)")) {
      return Jdbc.bind(ps, runId, modelId, startedAt).executeUpdate();
    }
  }

  private static int deleteRecording(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM clue_recordings WHERE run_id = ?")) {
      return Jdbc.bind(ps, runId).executeUpdate();
    }
  }

  /** One run's clues on their way into the table. */
  private static final class Recording {
    final String modelId;
    final String modelVersion;
    final String runId;
    final Map<String, Clue> byFingerprint;
    final Instant now;
    final String tag;

    Recording(
        String modelId,
        String modelVersion,
        String runId,
        Map<String, Clue> byFingerprint,
        Instant now) {
      this.modelId = modelId;
      this.modelVersion = modelVersion;
      this.runId = runId;
      this.byFingerprint = byFingerprint;
      this.now = now;
      this.tag = "|" + modelVersion + "|";
    }

    /**
     * Inserts the new clues among {@code sightings}, records a sighting of the others. Both are
     * set-based, a few statements for hundreds of clues: one UPDATE per {@link #CHUNK} sightings
     * (they all get the same values), INSERTs of {@link #ROWS_PER_INSERT} rows each.
     */
    RecordResult write(Connection c, List<Sighting> sightings) throws SQLException {
      List<Object> seen = new ArrayList<>();
      List<Sighting> fresh = new ArrayList<>();
      for (Sighting s : sightings) {
        if (s.seen()) {
          seen.add(s.key());
        } else {
          fresh.add(s);
        }
      }
      for (int from = 0; from < seen.size(); from += CHUNK) {
        List<Object> keys = seen.subList(from, Math.min(seen.size(), from + CHUNK));
        List<Object> args =
            new ArrayList<>(List.of(now, runId, modelVersion, tag, tag, modelVersion + "|"));
        args.addAll(keys);
        try (PreparedStatement upd =
            c.prepareStatement(
                "UPDATE clue_sightings SET prev_last_seen = last_seen,"
                    + " prev_last_run_id = last_run_id,"
                    + " prev_model_version = model_version, prev_versions = versions,"
                    + " last_seen = ?, last_run_id = ?, model_version = ?, seen_count = seen_count + 1,"
                    + " versions = CASE WHEN versions IS NULL THEN ? WHEN POSITION(? IN versions) > 0"
                    + " THEN versions ELSE versions || ? END WHERE fingerprint_key IN ("
                    + placeholders(keys.size())
                    + ")")) {
          Jdbc.bind(upd, args.toArray()).executeUpdate();
        }
      }
      for (int from = 0; from < fresh.size(); from += ROWS_PER_INSERT) {
        List<Sighting> rows = fresh.subList(from, Math.min(fresh.size(), from + ROWS_PER_INSERT));
        Object[] args = new Object[rows.size() * INSERT_COLUMNS];
        Object[] sightingArgs = new Object[rows.size() * SIGHTING_COLUMNS];
        int i = 0;
        int j = 0;
        for (Sighting s : rows) {
          Clue clue = byFingerprint.get(s.fingerprint());
          args[i++] = ClueIds.next().toString();
          args[i++] = s.fingerprint();
          args[i++] = s.key();
          args[i++] = modelId;
          args[i++] = clue.district();
          args[i++] = truncate(clue.subject(), 128);
          args[i++] = truncate(clue.title(), 1000);
          args[i++] = clue.score();
          args[i++] = json(evidence(clue));
          args[i++] = json(plain(clue.fields()));
          args[i++] = runId;
          args[i++] = now;
          sightingArgs[j++] = s.key();
          sightingArgs[j++] = runId;
          sightingArgs[j++] = now;
          sightingArgs[j++] = modelVersion;
          sightingArgs[j++] = tag;
        }
        try (PreparedStatement ins =
                c.prepareStatement(
                    "INSERT INTO clues (id, fingerprint, fingerprint_key, model_id, district,"
                        + " subject, title, score, evidence, fields, first_run_id, first_seen,"
                        + " state) VALUES "
                        + rows(INSERT_ROW, rows.size()));
            PreparedStatement sighted =
                c.prepareStatement(
                    "INSERT INTO clue_sightings (fingerprint_key, last_run_id, last_seen,"
                        + " model_version, versions, seen_count) VALUES "
                        + rows(SIGHTING_ROW, rows.size()))) {
          // the sighting first: its primary key is the de-duplication key
          Jdbc.bind(sighted, sightingArgs).executeUpdate();
          Jdbc.bind(ins, args).executeUpdate();
        }
      }
      return new RecordResult(fresh.size(), seen.size());
    }
  }

  /** Values per inserted clue. */
  private static final int INSERT_COLUMNS = 12;

  private static final String INSERT_ROW = "(" + placeholders(INSERT_COLUMNS) + ", 'NEW')";

  /** Values per inserted sighting. */
  private static final int SIGHTING_COLUMNS = 5;

  private static final String SIGHTING_ROW = "(" + placeholders(SIGHTING_COLUMNS) + ", 1)";

  /** The VALUES of {@code n} inserted rows. */
  private static String rows(String row, int n) {
    return String.join(",", java.util.Collections.nCopies(n, row));
  }

  /** Rows per INSERT statement. */
  static final int ROWS_PER_INSERT = 100;

  /** {@code ?,?,?}: {@code n} placeholders. */
  private static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  /** The de-duplication key: the first 128 bits of the fingerprint. */
  static UUID key(String fingerprint) {
    return new UUID(
        Long.parseUnsignedLong(fingerprint.substring(0, 16), 16),
        Long.parseUnsignedLong(fingerprint.substring(16, 32), 16));
  }

  /**
   * A clue of a run: its fingerprint, whether it is stored already, and where (see {@link
   * Tuning#rowPosition()}).
   */
  record Sighting(String fingerprint, UUID key, boolean seen, long position) {}

  /**
   * The run's clues in the order they are written: first the sightings, in the order of the table's
   * rows where the database tells it, then the new clues in the run's order. A run does not return
   * its clues in the same order each time (a parallel query does not), and on H2 sightings written
   * in the run's order touch the table's pages at random: 3× slower (docs/benchmarks.md §8).
   */
  static List<Sighting> inWritingOrder(
      List<String> fingerprints, List<UUID> keys, Map<UUID, Long> existing) {
    List<Sighting> seen = new ArrayList<>();
    List<Sighting> fresh = new ArrayList<>();
    for (int i = 0; i < fingerprints.size(); i++) {
      UUID key = keys.get(i);
      Long position = existing.get(key);
      if (position != null) {
        seen.add(new Sighting(fingerprints.get(i), key, true, position));
      } else {
        fresh.add(new Sighting(fingerprints.get(i), key, false, 0));
      }
    }
    seen.sort(java.util.Comparator.comparingLong(Sighting::position));
    seen.addAll(fresh);
    return seen;
  }

  /**
   * The stored clues among {@code keys}, with their positions ({@code rowPosition}, see {@link
   * Tuning#rowPosition()}).
   */
  static Map<UUID, Long> existing(Connection c, List<UUID> keys, String rowPosition)
      throws SQLException {
    Map<UUID, Long> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<UUID> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT fingerprint_key, "
                  + rowPosition
                  + " FROM clue_sightings WHERE fingerprint_key IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        Jdbc.bind(ps, chunk.toArray());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getObject(1, UUID.class), rs.getLong(2));
          }
        }
      }
    }
    return found;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static List<Map<String, Object>> evidence(Clue clue) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Evidence e : clue.evidence()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", e.dataset());
      m.put("rowKey", e.rowKey());
      m.put("fields", plain(e.fields()));
      out.add(m);
    }
    return out;
  }

  /** Values JSON can carry: dates and other objects become their ISO text. */
  private static Map<String, Object> plain(Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            out.put(
                k,
                v == null || v instanceof Number || v instanceof Boolean || v instanceof String
                    ? v
                    : v.toString()));
    return out;
  }

  private static String json(Object o) throws SQLException {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot serialise clue: " + e.getMessage(), e);
    }
  }

  @Override
  public Page<StoredClue> list(ClueFilter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1" + PUBLISHED);
    List<Object> args = new ArrayList<>();
    if (filter.district() != null) {
      where.append(" AND district = ?");
      args.add(filter.district());
    }
    if (filter.modelId() != null) {
      where.append(" AND model_id = ?");
      args.add(filter.modelId());
    }
    if (filter.state() != null) {
      where.append(" AND state = ?");
      args.add(filter.state());
    }
    return store.inTransaction(
        c -> {
          long total;
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM clues" + where)) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<StoredClue> items = new ArrayList<>();
          List<Object> pageArgs = new ArrayList<>(args);
          pageArgs.add(size);
          pageArgs.add((long) page * size);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM clue_rows"
                      + where
                      + " ORDER BY last_seen DESC, score DESC, id LIMIT ? OFFSET ?")) {
            Jdbc.bind(ps, pageArgs.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(read(rs));
              }
            }
          }
          return new Page<>(items, page, size, total);
        });
  }

  @Override
  public Optional<StoredClue> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT * FROM clue_rows WHERE id = ?" + PUBLISHED)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<StoredClue>empty();
            }
          }
        });
  }

  @Override
  public StoredClue transition(
      String clueId, String to, String note, String disposition, String assignee, String actor) {
    return transitionAll(List.of(clueId), to, note, disposition, assignee, actor).get(0);
  }

  @Override
  public List<StoredClue> transitionAll(
      List<String> clueIds,
      String to,
      String note,
      String disposition,
      String assignee,
      String actor) {
    if (clueIds.isEmpty()) {
      throw new ClueWorkflowException(Kind.INVALID, "no clues given", List.of());
    }
    if (new java.util.HashSet<>(clueIds).size() != clueIds.size()) {
      throw new ClueWorkflowException(Kind.INVALID, "a clue is listed twice", List.of());
    }
    if (to == null || !STEPS.containsKey(to)) {
      throw new ClueWorkflowException(
          Kind.INVALID, "unknown clue state '" + to + "'; one of " + STATES, List.of());
    }
    if (note != null && note.length() > MAX_TEXT) {
      throw new ClueWorkflowException(
          Kind.INVALID, "the note is longer than " + MAX_TEXT + " characters", List.of());
    }
    if (!"CONFIRMED".equals(to) && disposition != null) {
      throw new ClueWorkflowException(
          Kind.INVALID, "a disposition is given only when confirming a clue", List.of());
    }
    if (!"ASSIGNED".equals(to) && assignee != null) {
      throw new ClueWorkflowException(
          Kind.INVALID, "an assignee is given only when assigning a clue", List.of());
    }
    Instant now = Instant.now();
    return store.inTransaction(
        c -> {
          List<StoredClue> before = new ArrayList<>();
          List<String> missing = new ArrayList<>();
          List<String> illegal = new ArrayList<>();
          for (String id : clueIds) {
            Optional<StoredClue> found = lockAndRead(c, id);
            if (found.isEmpty()) {
              missing.add(id);
            } else {
              before.add(found.get());
              if (!STEPS.get(found.get().state()).contains(to)) {
                illegal.add(id);
              }
            }
          }
          if (!missing.isEmpty()) {
            throw new ClueWorkflowException(Kind.NOT_FOUND, "no clue " + missing, missing);
          }
          if (!illegal.isEmpty()) {
            String from =
                before.stream()
                    .filter(b -> illegal.contains(b.id()))
                    .map(StoredClue::state)
                    .distinct()
                    .sorted()
                    .toList()
                    .toString();
            throw new ClueWorkflowException(
                Kind.CONFLICT,
                "a clue in state " + from + " cannot move to " + to + ": " + illegal,
                illegal);
          }
          if ("CONFIRMED".equals(to)
              && (disposition == null || !DISPOSITIONS.contains(disposition))) {
            throw new ClueWorkflowException(
                Kind.INVALID,
                disposition == null
                    ? "confirming a clue needs a disposition, one of " + DISPOSITIONS
                    : "unknown disposition '" + disposition + "'; one of " + DISPOSITIONS,
                clueIds);
          }
          if ("ASSIGNED".equals(to)) {
            for (StoredClue b : before) {
              if (!isAnalystOf(c, assignee, b.district())) {
                throw new ClueWorkflowException(
                    Kind.INVALID,
                    assignee == null
                        ? "assigning a clue needs an assignee"
                        : "'" + assignee + "' is not an analyst of district " + b.district(),
                    List.of(b.id()));
              }
            }
          }
          List<StoredClue> after = new ArrayList<>();
          try (PreparedStatement upd =
                  c.prepareStatement(
                      "UPDATE clues SET state = ?, state_changed_at = ?,"
                          + " assignee = COALESCE(?, assignee), disposition = ?"
                          + " WHERE id = ? AND state = ?");
              PreparedStatement ev =
                  c.prepareStatement(
                      "INSERT INTO clue_events (clue_id, at, actor, kind, from_state, to_state, note,"
                          + " disposition, assignee) VALUES (?, ?, ?, 'TRANSITION', ?, ?, ?, ?, ?)")) {
            for (StoredClue b : before) {
              Jdbc.bind(upd, to, now, assignee, disposition, b.id(), b.state());
              if (upd.executeUpdate() != 1) {
                throw new ClueWorkflowException(
                    Kind.CONFLICT, "clue " + b.id() + " changed meanwhile", List.of(b.id()));
              }
              Jdbc.bind(
                      ev,
                      b.id(),
                      now,
                      actor,
                      b.state(),
                      to,
                      blankToNull(note),
                      disposition,
                      assignee)
                  .executeUpdate();
              after.add(lockAndRead(c, b.id()).orElseThrow());
            }
          }
          return after;
        });
  }

  private static Optional<StoredClue> lockAndRead(Connection c, String id) throws SQLException {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    try (PreparedStatement lock =
            c.prepareStatement("SELECT id FROM clues WHERE id = ?" + PUBLISHED + " FOR UPDATE");
        PreparedStatement ps = c.prepareStatement("SELECT * FROM clue_rows WHERE id = ?")) {
      try (ResultSet rs = Jdbc.bind(lock, id).executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
      }
      try (ResultSet rs = Jdbc.bind(ps, id).executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static boolean isAnalystOf(Connection c, String username, String district)
      throws SQLException {
    if (username == null) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT district, roles FROM users WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !district.equals(rs.getString("district"))) {
          return false;
        }
        for (String role : rs.getString("roles").split(",")) {
          if (role.strip().equals("ANALYST")) {
            return true;
          }
        }
        return false;
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public ClueEvent comment(String clueId, String text, String actor) {
    if (text == null || text.isBlank()) {
      throw new ClueWorkflowException(Kind.INVALID, "a comment needs text", List.of());
    }
    if (text.length() > MAX_TEXT) {
      throw new ClueWorkflowException(
          Kind.INVALID, "the comment is longer than " + MAX_TEXT + " characters", List.of());
    }
    Instant now = Instant.now();
    return store.inTransaction(
        c -> {
          if (lockAndRead(c, clueId).isEmpty()) {
            throw new ClueWorkflowException(
                Kind.NOT_FOUND, "no clue '" + clueId + "'", List.of(String.valueOf(clueId)));
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO clue_events (clue_id, at, actor, kind, note)"
                      + " VALUES (?, ?, ?, 'COMMENT', ?)")) {
            Jdbc.bind(ps, clueId, now, actor, text).executeUpdate();
          }
          List<ClueEvent> all = events(c, clueId);
          return all.get(all.size() - 1);
        });
  }

  @Override
  public List<ClueEvent> events(String clueId) {
    if (clueId == null || clueId.length() > 36) {
      return List.of();
    }
    return store.inTransaction(c -> events(c, clueId));
  }

  private static List<ClueEvent> events(Connection c, String clueId) throws SQLException {
    List<ClueEvent> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT * FROM clue_events WHERE clue_id = ? ORDER BY id")) {
      ps.setString(1, clueId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ClueEvent(
                  rs.getLong("id"),
                  rs.getString("clue_id"),
                  Jdbc.instant(rs, "at"),
                  rs.getString("actor"),
                  rs.getString("kind"),
                  rs.getString("from_state"),
                  rs.getString("to_state"),
                  rs.getString("note"),
                  rs.getString("disposition"),
                  rs.getString("assignee")));
        }
      }
    }
    return out;
  }

  @Override
  public List<ClueMetrics> metrics(String modelId, String district) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT model_id, district, state, first_seen, state_changed_at FROM clues WHERE 1 = 1"
                + PUBLISHED);
    List<Object> args = new ArrayList<>();
    if (modelId != null) {
      sql.append(" AND model_id = ?");
      args.add(modelId);
    }
    if (district != null) {
      sql.append(" AND district = ?");
      args.add(district);
    }
    return store.inTransaction(
        c -> {
          // model -> district -> [clues, confirmed, dismissed] and the days to disposition
          Map<String, long[]> counts = new java.util.TreeMap<>();
          Map<String, List<Long>> days = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String key = rs.getString("model_id") + '\u0000' + rs.getString("district");
                long[] n = counts.computeIfAbsent(key, k -> new long[3]);
                n[0]++;
                String state = rs.getString("state");
                if (state.equals("CONFIRMED") || state.equals("DISMISSED")) {
                  n[state.equals("CONFIRMED") ? 1 : 2]++;
                  Instant first = Jdbc.instant(rs, "first_seen");
                  Instant done = Jdbc.instant(rs, "state_changed_at");
                  if (done != null) {
                    days.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Math.max(0, java.time.Duration.between(first, done).toDays()));
                  }
                }
              }
            }
          }
          List<ClueMetrics> out = new ArrayList<>();
          counts.forEach(
              (key, n) -> {
                String[] parts = key.split("\u0000", 2);
                long decided = n[1] + n[2];
                out.add(
                    new ClueMetrics(
                        parts[0],
                        parts[1],
                        n[0],
                        n[1],
                        n[2],
                        n[0] - decided,
                        decided == 0 ? null : (double) n[1] / decided,
                        median(days.get(key))));
              });
          return out;
        });
  }

  static Double median(List<Long> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    List<Long> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? (double) sorted.get(mid)
        : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
  }

  static StoredClue read(ResultSet rs) throws SQLException {
    try {
      List<Map<String, Object>> ev =
          JSON.readValue(rs.getString("evidence"), new TypeReference<>() {});
      List<Evidence> evidence = new ArrayList<>();
      for (Map<String, Object> m : ev) {
        Evidence e = Evidence.of((String) m.get("dataset"), (String) m.get("rowKey"));
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) m.getOrDefault("fields", new HashMap<>());
        for (Map.Entry<String, Object> x : f.entrySet()) {
          e = e.with(x.getKey(), x.getValue() instanceof BigDecimal d ? d : x.getValue());
        }
        evidence.add(e);
      }
      Map<String, Object> fields =
          JSON.readValue(
              rs.getString("fields"), new TypeReference<LinkedHashMap<String, Object>>() {});
      return new StoredClue(
          rs.getString("id"),
          rs.getString("fingerprint"),
          rs.getString("model_id"),
          rs.getString("model_version"),
          rs.getString("district"),
          rs.getString("subject"),
          rs.getString("title"),
          rs.getDouble("score"),
          rs.getString("state"),
          evidence,
          fields,
          rs.getString("first_run_id"),
          rs.getString("last_run_id"),
          Jdbc.instant(rs, "first_seen"),
          Jdbc.instant(rs, "last_seen"),
          rs.getInt("seen_count"),
          rs.getString("assignee"),
          rs.getString("disposition"),
          Jdbc.instant(rs, "state_changed_at"),
          rs.getString("flag"));
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt clue " + rs.getString("id") + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int flagRevoked(String modelId, java.util.Set<String> revokedVersions, String flag) {
    return store.inTransaction(
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, versions, model_version FROM clue_rows WHERE model_id = ? AND flag IS NULL")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String versions = rs.getString(2);
                if (versions == null) {
                  versions = "|" + rs.getString(3) + "|";
                }
                boolean onlyRevoked = true;
                for (String v : versions.split("\\|")) {
                  if (!v.isEmpty() && !revokedVersions.contains(v)) {
                    onlyRevoked = false;
                    break;
                  }
                }
                if (onlyRevoked) {
                  ids.add(rs.getString(1));
                }
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE clues SET flag = ? WHERE id = ?")) {
            for (String id : ids) {
              Jdbc.bind(ps, truncate(flag, 1000), id).addBatch();
            }
            ps.executeBatch();
          }
          return ids.size();
        });
  }

  @Override
  public void recordRunSet(String runId, String modelId, List<Clue> clues) {
    Map<String, Clue> byFingerprint = new LinkedHashMap<>();
    for (Clue c : clues) {
      byFingerprint.putIfAbsent(fingerprint(modelId, c), c);
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO run_clue_sets (run_id, fingerprint, subject, title) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, Clue> e : byFingerprint.entrySet()) {
              Jdbc.bind(
                      ps,
                      runId,
                      e.getKey(),
                      truncate(e.getValue().subject(), 128),
                      truncate(e.getValue().title(), 1000))
                  .addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public java.util.SortedMap<String, List<String>> runSet(String runId) {
    return store.inTransaction(
        c -> {
          java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT fingerprint, subject, title FROM run_clue_sets WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3)));
              }
            }
          }
          return out;
        });
  }
}
