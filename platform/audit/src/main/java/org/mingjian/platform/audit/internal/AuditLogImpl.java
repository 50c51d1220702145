package org.mingjian.platform.audit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.mingjian.platform.audit.AuditEntry;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditException;
import org.mingjian.platform.audit.AuditHash;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.audit.AuditPage;
import org.mingjian.platform.audit.AuditQuery;
import org.mingjian.platform.audit.Checkpoint;
import org.mingjian.platform.audit.CheckpointVerifier;
import org.mingjian.platform.audit.VerifyResult;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit chain in the state store's {@code audit_log} table.
 *
 * <p>One writer thread owns the head of the chain (group commit): callers queue their events and
 * wait; the writer takes everything queued, gives it consecutive seqs and hashes, inserts it in one
 * transaction, forces it to disk (H2: {@code CHECKPOINT SYNC}; PostgreSQL commits durably by
 * itself), and only then releases the callers. No code path updates or deletes an entry.
 */
@Component(service = AuditLog.class, configurationPid = "org.mingjian.audit", immediate = true)
@Designate(ocd = AuditLogImpl.Config.class)
public final class AuditLogImpl implements AuditLog {

  /** Audit settings. */
  @ObjectClassDefinition(name = "Mingjian audit trail")
  public @interface Config {
    /**
     * @return minutes between automatic checkpoints, 0 for none
     */
    @AttributeDefinition(
        description =
            "Minutes between automatic signed checkpoints of the audit chain (taken only when the"
                + " chain grew); 0 turns them off")
    int checkpointIntervalMinutes() default 60;
  }

  static final int MAX_BATCH = 10_000;
  static final int QUEUE_CAPACITY = 100_000;
  static final long WAIT_SECONDS = 60;
  static final int VERIFY_PAGE = 20_000;
  static final int VERIFY_BATCH = 1000;
  static final int MAX_DETAILS_CHARS = 65_536;
  static final int MAX_PAGE_SIZE = 1000;

  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS audit_log ("
              + " seq BIGINT PRIMARY KEY,"
              + " at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " actor VARCHAR(128) NOT NULL,"
              + " district VARCHAR(16),"
              + " action VARCHAR(128) NOT NULL,"
              + " target VARCHAR(1000),"
              + " details VARCHAR NOT NULL,"
              + " prev_hash VARCHAR(64) NOT NULL,"
              + " hash VARCHAR(64) NOT NULL)",
          "CREATE INDEX IF NOT EXISTS audit_log_by_at ON audit_log (at)",
          "CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor, seq)",
          "CREATE INDEX IF NOT EXISTS audit_log_by_action ON audit_log (action, seq)",
          "CREATE TABLE IF NOT EXISTS audit_checkpoints ("
              + " seq BIGINT NOT NULL,"
              + " head_hash VARCHAR(64) NOT NULL,"
              + " at TIMESTAMP WITH TIME ZONE NOT NULL,"
              + " algorithm VARCHAR(32) NOT NULL,"
              + " signature VARCHAR(200) NOT NULL,"
              + " key_fingerprint VARCHAR(64) NOT NULL,"
              + " PRIMARY KEY (seq, at))");

  private static final String INSERT =
      "INSERT INTO audit_log (seq, at, actor, district, action, target, details, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS =
      "seq, at, actor, district, action, target, details, prev_hash, hash";
  private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Logger LOG = LoggerFactory.getLogger(AuditLogImpl.class);

  /** The last durable entry; {@code at} is {@code null} for an empty chain. */
  private record Head(long seq, String hash, Instant at) {}

  /** A validated event with its canonical details. */
  private record Prepared(AuditEvent event, String details, Map<String, Object> detailsMap) {}

  /** Events of one caller, appended together. */
  private record Request(List<Prepared> events, CompletableFuture<List<AuditEntry>> done) {}

  private final StateStore store;
  private final SigningKeys keys;
  private final boolean syncOnCommit;
  private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Thread writer;
  private final ScheduledExecutorService scheduler;
  private boolean closed; // guarded by gate
  private volatile boolean stopping;

  /** Written by the writer thread only; {@code null} means read it from the table first. */
  private volatile Head head;

  private long lastCheckpointSeq; // guarded by this
  private Instant lastCheckpointAt = Instant.EPOCH; // guarded by this

  /**
   * @param store the state store
   * @param config the settings
   */
  @Activate
  public AuditLogImpl(@Reference StateStore store, Config config) {
    this(store, store.home().resolve("keys"), config.checkpointIntervalMinutes());
  }

  /**
   * Creates the tables when absent, loads or generates the signing keys and starts the writer.
   *
   * @param store the state store
   * @param keyDir where {@code audit-signing.key} and {@code .pub} are or will be
   * @param checkpointIntervalMinutes minutes between automatic checkpoints, 0 for none
   * @throws AuditException when the tables, the head of the chain or the keys cannot be read
   */
  public AuditLogImpl(StateStore store, Path keyDir, int checkpointIntervalMinutes) {
    if (checkpointIntervalMinutes < 0) {
      throw new IllegalArgumentException("checkpointIntervalMinutes < 0");
    }
    this.store = store;
    store.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String sql : SCHEMA) {
              st.execute(sql);
            }
          }
          return null;
        });
    String product = store.databaseProduct();
    this.syncOnCommit = "H2".equalsIgnoreCase(product) && probeSync();
    try {
      this.keys = SigningKeys.loadOrCreate(keyDir);
    } catch (IOException e) {
      throw new AuditException("cannot load the audit signing keys: " + e.getMessage(), e);
    }
    this.head = readHead();
    this.lastCheckpointSeq =
        store.inTransaction(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT MAX(seq) FROM audit_checkpoints")) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? -1L : max;
              }
            });
    this.writer = new Thread(this::writeLoop, "mingjian-audit-writer");
    writer.setDaemon(true);
    writer.start();
    if (checkpointIntervalMinutes > 0) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "mingjian-audit-checkpoint");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleWithFixedDelay(
          this::periodicCheckpoint,
          checkpointIntervalMinutes,
          checkpointIntervalMinutes,
          TimeUnit.MINUTES);
    } else {
      scheduler = null;
    }
    LOG.info(
        "Audit log ready at seq {} on {}; commits {}; checkpoint key {}",
        head.seq(),
        product,
        syncOnCommit
            ? "forced to disk (CHECKPOINT SYNC)"
            : "H2".equalsIgnoreCase(product)
                ? "NOT forced to disk (see the warning above)"
                : "durable as the database makes them",
        keys.fingerprint);
  }

  /**
   * Stops taking events, writes what is queued, takes a last checkpoint when the chain grew, and
   * stops the threads. Appends after this fail.
   */
  @Deactivate
  public void close() {
    gate.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    if (scheduler != null) {
      // no interrupts: an interrupted H2 file channel closes the database
      scheduler.shutdown();
    }
    stopping = true;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      if (scheduler != null) {
        scheduler.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, "the audit log was closed before these events were written", null);
    if (scheduler != null && !writer.isAlive()) {
      periodicCheckpoint();
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return appendAll(java.util.Collections.singletonList(event)).get(0);
  }

  @Override
  public List<AuditEntry> appendAll(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<Prepared> prepared = new ArrayList<>(events.size());
    for (AuditEvent e : events) {
      prepared.add(prepare(e));
    }
    Request request = new Request(prepared, new CompletableFuture<>());
    gate.readLock().lock();
    try {
      if (closed) {
        throw new AuditException("the audit log is closed");
      }
      if (!queue.offer(request, WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new AuditException("the audit queue stayed full for " + WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted before the audit events were queued", e);
    } finally {
      gate.readLock().unlock();
    }
    try {
      return request.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new AuditException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new AuditException(
          "the audit events were not confirmed within "
              + WAIT_SECONDS
              + " s; they may still be"
              + " written",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException(
          "interrupted while waiting for the audit events; they may still be written", e);
    }
  }

  private static Prepared prepare(AuditEvent e) {
    if (e == null) {
      throw new IllegalArgumentException("audit event is null");
    }
    text("actor", e.actor(), 128, true);
    text("district", e.district(), 16, false);
    text("action", e.action(), 128, true);
    if (!ACTION.matcher(e.action()).matches()) {
      throw new IllegalArgumentException(
          "audit action must be a dotted lower-case code such as auth.login.failed: " + e.action());
    }
    text("target", e.target(), 1000, false);
    String details = CanonicalJson.write(e.details());
    if (details.length() > MAX_DETAILS_CHARS) {
      throw new IllegalArgumentException(
          "audit details are " + details.length() + " characters of JSON, more than allowed");
    }
    if (details.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("audit details contain a NUL character");
    }
    return new Prepared(e, details, CanonicalJson.read(details));
  }

  private static void text(String name, String value, int max, boolean required) {
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException("audit " + name + " is required");
      }
      return;
    }
    if (required && value.isBlank()) {
      throw new IllegalArgumentException("audit " + name + " is blank");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException("audit " + name + " is longer than " + max);
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException("audit " + name + " contains a NUL character");
    }
  }

  // ---------------------------------------------------------------- the writer

  private void writeLoop() {
    List<Request> batch = new ArrayList<>();
    while (true) {
      Request first;
      try {
        first = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null;
      }
      if (first == null) {
        if (stopping && queue.isEmpty()) {
          return;
        }
        continue;
      }
      batch.clear();
      batch.add(first);
      int events = first.events().size();
      Request next;
      while (events < MAX_BATCH && (next = queue.poll()) != null) {
        batch.add(next);
        events += next.events().size();
      }
      try {
        write(batch, events);
      } catch (RuntimeException | Error e) {
        head = null;
        fail(batch, "the audit writer failed", e);
        LOG.error("The audit writer failed on a batch of {} events", events, e);
      }
    }
  }

  /** Gives the batch its seqs and hashes, inserts it in one transaction, forces it to disk. */
  private void write(List<Request> batch, int events) {
    Head h = head;
    if (h == null) {
      try {
        h = readHead();
        head = h;
      } catch (RuntimeException e) {
        fail(batch, "cannot read the head of the audit chain", e);
        return;
      }
    }
    Instant now = AuditHash.truncate(Instant.now());
    if (h.at() != null && now.isBefore(h.at())) {
      now = h.at(); // entries never go back in time, even when the clock does
    }
    String at = AuditHash.timestamp(now);
    List<List<AuditEntry>> results = new ArrayList<>(batch.size());
    List<AuditEntry> all = new ArrayList<>(events);
    List<String> details = new ArrayList<>(events);
    long seq = h.seq();
    String prev = h.hash();
    for (Request r : batch) {
      List<AuditEntry> entries = new ArrayList<>(r.events().size());
      for (Prepared p : r.events()) {
        seq++;
        AuditEvent e = p.event();
        String hash =
            AuditHash.compute(
                seq, at, e.actor(), e.district(), e.action(), e.target(), p.details(), prev);
        AuditEntry entry =
            new AuditEntry(
                seq,
                now,
                e.actor(),
                e.district(),
                e.action(),
                e.target(),
                p.detailsMap(),
                prev,
                hash);
        entries.add(entry);
        all.add(entry);
        details.add(p.details());
        prev = hash;
      }
      results.add(List.copyOf(entries));
    }
    long firstSeq = h.seq() + 1;
    long lastSeq = seq;
    OffsetDateTime when = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    try {
      store.inTransaction(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
              int pending = 0;
              for (int i = 0; i < all.size(); i++) {
                AuditEntry entry = all.get(i);
                ps.setLong(1, entry.seq());
                ps.setObject(2, when);
                ps.setString(3, entry.actor());
                ps.setString(4, entry.district());
                ps.setString(5, entry.action());
                ps.setString(6, entry.target());
                ps.setString(7, details.get(i));
                ps.setString(8, entry.prevHash());
                ps.setString(9, entry.hash());
                ps.addBatch();
                if (++pending == 1000) {
                  ps.executeBatch();
                  pending = 0;
                }
              }
              if (pending > 0) {
                ps.executeBatch();
              }
            }
            return null;
          });
    } catch (RuntimeException e) {
      head = null; // another writer may have taken these seqs: read the head again
      fail(
          batch,
          "audit entries " + firstSeq + ".." + lastSeq + " were not written (rolled back)",
          e);
      return;
    }
    head = new Head(lastSeq, prev, now);
    if (syncOnCommit) {
      try {
        sync();
      } catch (RuntimeException e) {
        fail(
            batch,
            "audit entries "
                + firstSeq
                + ".."
                + lastSeq
                + " were committed but could not be forced to disk",
            e);
        return;
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done().complete(results.get(i));
    }
  }

  private static void fail(List<Request> batch, String message, Throwable cause) {
    for (Request r : batch) {
      String text = cause == null ? message : message + ": " + cause.getMessage();
      r.done().completeExceptionally(new AuditException(text, cause));
    }
  }

  /** Forces everything committed to disk: H2 writes its pending changes and fsyncs the file. */
  private void sync() {
    store.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("CHECKPOINT SYNC");
          }
          return null;
        });
  }

  private boolean probeSync() {
    try {
      sync();
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "H2 refused CHECKPOINT SYNC ({}): the datasource user needs admin rights for it. Audit"
              + " entries are committed, but H2 writes them to its file only within its write delay"
              + " (WRITE_DELAY, 500 ms by default) and never forces them to the disk: a crash can"
              + " lose the last entries",
          e.getMessage());
      return false;
    }
  }

  private Head readHead() {
    return store.inTransaction(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT " + COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT 1")) {
            if (!rs.next()) {
              return new Head(0, AuditHash.GENESIS, null);
            }
            Row row = Row.read(rs);
            if (!row.recompute().equals(row.hash)) {
              LOG.error(
                  "The last audit entry (seq {}) does not match its hash: the audit table was"
                      + " altered; the chain goes on from the stored hash, verify() reports the"
                      + " break",
                  row.seq);
            }
            return new Head(row.seq, row.hash, row.at);
          }
        });
  }

  // ---------------------------------------------------------------- reading

  /** An audit_log row as stored. */
  private record Row(
      long seq,
      Instant at,
      String actor,
      String district,
      String action,
      String target,
      String details,
      String prevHash,
      String hash) {

    static Row read(ResultSet rs) throws SQLException {
      return new Row(
          rs.getLong(1),
          rs.getObject(2, OffsetDateTime.class).toInstant(),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getString(9));
    }

    String recompute() {
      return AuditHash.compute(
          seq, AuditHash.timestamp(at), actor, district, action, target, details, prevHash);
    }

    AuditEntry entry() {
      return new AuditEntry(
          seq, at, actor, district, action, target, CanonicalJson.read(details), prevHash, hash);
    }
  }

  @Override
  public AuditPage search(AuditQuery query, int page, int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
    }
    AuditQuery q = query == null ? AuditQuery.all() : query;
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.from() != null) {
      where.append(" AND at >= ?");
      args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
    }
    if (q.to() != null) {
      where.append(" AND at < ?");
      args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
    }
    if (q.actor() != null) {
      where.append(" AND actor = ?");
      args.add(q.actor());
    }
    if (q.action() != null) {
      if (q.action().endsWith(".*")) {
        String prefix = q.action().substring(0, q.action().length() - 1);
        where.append(" AND action LIKE ? ESCAPE '\\'");
        args.add(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
      } else {
        where.append(" AND action = ?");
        args.add(q.action());
      }
    }
    return store.inTransaction(
        c -> {
          long total;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT COUNT(*) FROM audit_log" + where)) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<AuditEntry> items = new ArrayList<>();
          List<Object> pageArgs = new ArrayList<>(args);
          pageArgs.add(size);
          pageArgs.add((long) page * size);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM audit_log"
                      + where
                      + " ORDER BY seq DESC LIMIT ? OFFSET ?")) {
            Jdbc.bind(ps, pageArgs.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(Row.read(rs).entry());
              }
            }
          }
          return new AuditPage(items, total);
        });
  }

  // ---------------------------------------------------------------- verification

  /**
   * Checks rows in seq order. It runs on its own thread while the caller's thread reads the table,
   * so reading and hashing overlap.
   */
  private static final class Pass {
    final TreeMap<Long, List<Checkpoint>> checkpoints;
    volatile boolean stop;
    volatile Throwable failure;
    long expected = 1;
    String prev = AuditHash.GENESIS;
    long good;
    Long brokenSeq;
    String reason;

    Pass(TreeMap<Long, List<Checkpoint>> checkpoints) {
      this.checkpoints = checkpoints;
    }

    boolean broken() {
      return brokenSeq != null;
    }

    void broken(long seq, String why) {
      brokenSeq = seq;
      reason = why;
      stop = true;
    }

    void row(Row r) {
      long seq = r.seq();
      if (seq != expected) {
        broken(expected, "missing seq: expected " + expected + ", the next entry is " + seq);
        return;
      }
      if (!prev.equals(r.prevHash())) {
        broken(seq, "broken link: prev_hash is not the hash of entry " + (seq - 1));
        return;
      }
      String recomputed = r.recompute();
      if (!recomputed.equals(r.hash())) {
        broken(seq, "hash mismatch: stored " + r.hash() + ", content gives " + recomputed);
        return;
      }
      List<Checkpoint> signed = checkpoints.get(seq);
      if (signed != null) {
        for (Checkpoint cp : signed) {
          if (!cp.headHash().equals(r.hash())) {
            broken(
                seq,
                "checkpoint mismatch: the checkpoint of "
                    + AuditHash.timestamp(cp.at())
                    + " signed "
                    + cp.headHash());
            return;
          }
        }
      }
      good++;
      prev = r.hash();
      expected++;
    }

    void run(BlockingQueue<List<Row>> rows, List<Row> end) {
      try {
        while (!stop) {
          List<Row> batch = rows.take();
          if (batch == end) {
            return;
          }
          for (Row r : batch) {
            row(r);
            if (stop) {
              return;
            }
          }
        }
      } catch (InterruptedException | RuntimeException | Error e) {
        failure = e;
        stop = true;
      }
    }
  }

  @Override
  public VerifyResult verify() {
    Head known = head;
    PublicKey publicKey = keys.publicKey;
    TreeMap<Long, List<Checkpoint>> bySeq = new TreeMap<>();
    for (Checkpoint cp : checkpoints()) {
      if (!cp.publicKeyFingerprint().equals(keys.fingerprint)) {
        continue; // signed with an earlier key; check those with its public key and the export
      }
      if (!CheckpointVerifier.verifySignature(publicKey, cp)) {
        return new VerifyResult(
            false,
            0,
            cp.seq(),
            AuditHash.GENESIS,
            "checkpoint signature invalid: the stored checkpoint of "
                + AuditHash.timestamp(cp.at())
                + " was altered");
      }
      if (cp.seq() > 0) {
        bySeq.computeIfAbsent(cp.seq(), s -> new ArrayList<>()).add(cp);
      }
    }
    long max =
        store.inTransaction(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("SELECT MAX(seq) FROM audit_log")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    long upTo = Math.max(max, known == null ? 0 : known.seq());
    Pass pass = new Pass(bySeq);
    BlockingQueue<List<Row>> rows = new ArrayBlockingQueue<>(8);
    List<Row> end = new ArrayList<>(0);
    Thread checker = new Thread(() -> pass.run(rows, end), "mingjian-audit-verify");
    checker.setDaemon(true);
    checker.start();
    try {
      long after = 0;
      while (!pass.stop && after < upTo) {
        long from = after;
        after =
            store.inTransaction(
                c -> {
                  try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT "
                              + COLUMNS
                              + " FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
                    ps.setFetchSize(VERIFY_BATCH);
                    ps.setLong(1, from);
                    ps.setLong(2, upTo);
                    ps.setInt(3, VERIFY_PAGE);
                    long last = upTo; // no row left: done
                    try (ResultSet rs = ps.executeQuery()) {
                      List<Row> batch = new ArrayList<>(VERIFY_BATCH);
                      int n = 0;
                      while (!pass.stop && rs.next()) {
                        Row r = Row.read(rs);
                        batch.add(r);
                        n++;
                        if (batch.size() == VERIFY_BATCH) {
                          hand(rows, batch, checker);
                          batch = new ArrayList<>(VERIFY_BATCH);
                        }
                        if (n == VERIFY_PAGE) {
                          last = r.seq();
                        }
                      }
                      hand(rows, batch, checker);
                    }
                    return last;
                  }
                });
      }
    } finally {
      hand(rows, end, checker);
      try {
        checker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditException("interrupted while verifying the audit chain", e);
      }
    }
    if (pass.failure != null) {
      throw new AuditException(
          "the audit chain could not be verified: " + pass.failure, pass.failure);
    }
    if (!pass.broken()) {
      long last = pass.expected - 1;
      if (known != null && known.seq() > last) {
        pass.broken(last + 1, "missing seq: this platform wrote entries up to " + known.seq());
      } else if (!bySeq.isEmpty() && bySeq.lastKey() > last) {
        pass.broken(
            last + 1, "missing seq: a signed checkpoint covers entries up to " + bySeq.lastKey());
      }
    }
    return new VerifyResult(!pass.broken(), pass.good, pass.brokenSeq, pass.prev, pass.reason);
  }

  /** Hands rows to the checker, unless it has stopped. */
  private static void hand(BlockingQueue<List<Row>> rows, List<Row> batch, Thread checker) {
    try {
      while (!rows.offer(batch, 100, TimeUnit.MILLISECONDS)) {
        if (!checker.isAlive()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      checker.interrupt();
      throw new AuditException("interrupted while verifying the audit chain", e);
    }
  }

  // ---------------------------------------------------------------- checkpoints

  @Override
  public synchronized Checkpoint checkpoint() {
    Head h = head;
    if (h == null) {
      h = readHead();
    }
    Instant at = AuditHash.truncate(Instant.now());
    if (!at.isAfter(lastCheckpointAt)) {
      at = lastCheckpointAt.plusNanos(1000); // (seq, at) is the key
    }
    String signature = keys.sign(CheckpointVerifier.message(h.seq(), h.hash(), at));
    Checkpoint cp =
        new Checkpoint(
            h.seq(), h.hash(), at, CheckpointVerifier.ALGORITHM, signature, keys.fingerprint);
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO audit_checkpoints (seq, head_hash, at, algorithm, signature,"
                      + " key_fingerprint) VALUES (?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(
                    ps,
                    cp.seq(),
                    cp.headHash(),
                    OffsetDateTime.ofInstant(cp.at(), ZoneOffset.UTC),
                    cp.algorithm(),
                    cp.signature(),
                    cp.publicKeyFingerprint())
                .executeUpdate();
          }
          return null;
        });
    if (syncOnCommit) {
      sync();
    }
    lastCheckpointSeq = Math.max(lastCheckpointSeq, h.seq());
    lastCheckpointAt = at;
    LOG.info("Audit checkpoint signed at seq {}", h.seq());
    return cp;
  }

  private void periodicCheckpoint() {
    try {
      Head h = head;
      boolean grew;
      synchronized (this) {
        grew = h != null && h.seq() > 0 && h.seq() > lastCheckpointSeq;
      }
      if (grew) {
        checkpoint();
      }
    } catch (RuntimeException e) {
      LOG.warn("Periodic audit checkpoint failed: {}", e.getMessage(), e);
    }
  }

  @Override
  public List<Checkpoint> checkpoints() {
    return store.inTransaction(
        c -> {
          List<Checkpoint> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT seq, head_hash, at, algorithm, signature, key_fingerprint"
                          + " FROM audit_checkpoints ORDER BY at, seq")) {
            while (rs.next()) {
              out.add(
                  new Checkpoint(
                      rs.getLong(1),
                      rs.getString(2),
                      rs.getObject(3, OffsetDateTime.class).toInstant(),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6)));
            }
          }
          return out;
        });
  }

  @Override
  public String publicKeyPem() {
    return CheckpointVerifier.pem(keys.publicKey);
  }

  @Override
  public String exportCheckpoints() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", CheckpointVerifier.FORMAT);
    root.put("algorithm", CheckpointVerifier.ALGORITHM);
    root.put("publicKeyPem", publicKeyPem());
    root.put("publicKeyFingerprint", keys.fingerprint);
    root.put(
        "signedMessage",
        "UTF-8 bytes of <seq>|<headHash>|<at>, at in UTC as yyyy-MM-ddTHH:mm:ss.ffffffZ;"
            + " the signature is Base64");
    root.put(
        "entryHash",
        "headHash is the hash of entry seq: hex SHA-256 of \"mingjian-audit-v1\\n\" followed by"
            + " the netstrings (<byte length>:<UTF-8 bytes>,; NULL as ~) of seq, at, actor,"
            + " district, action, target, details, prev_hash");
    root.put("exportedAt", AuditHash.timestamp(AuditHash.truncate(Instant.now())));
    ArrayNode list = root.putArray("checkpoints");
    for (Checkpoint cp : checkpoints()) {
      if (!cp.publicKeyFingerprint().equals(keys.fingerprint)) {
        continue; // signed with an earlier key, which this document does not carry
      }
      ObjectNode n = list.addObject();
      n.put("seq", cp.seq());
      n.put("headHash", cp.headHash());
      n.put("at", AuditHash.timestamp(cp.at()));
      n.put("message", CheckpointVerifier.message(cp.seq(), cp.headHash(), cp.at()));
      n.put("signature", cp.signature());
      n.put("publicKeyFingerprint", cp.publicKeyFingerprint());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
