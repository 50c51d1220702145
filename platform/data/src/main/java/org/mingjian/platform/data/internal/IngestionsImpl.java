package org.mingjian.platform.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestion.State;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.data.LoadOptions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.Connector;
import org.mingjian.sdk.connector.ConnectorContext;
import org.mingjian.sdk.connector.ConnectorException;
import org.mingjian.sdk.connector.RowSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads uploads and connector pulls one at a time on a single worker thread (the pool serializes
 * loads anyway). An upload is spooled to {@code <home>/uploads} first and deleted once loaded.
 * Connectors are found on the service whiteboard. Each ingestion is written to the state store when
 * queued, started and finished (progress in between is kept in memory), so it outlives a restart;
 * one that a restart interrupted is marked FAILED at the next start. The outcome of each is
 * recorded in the audit trail as {@code data.ingested} or {@code data.ingestion.failed}.
 */
@Component(service = Ingestions.class)
public final class IngestionsImpl implements Ingestions {
  private static final Logger LOG = LoggerFactory.getLogger(IngestionsImpl.class);
  private static final int MAX_ERRORS_CHARS = 19_000;

  private final DataPool pool;
  private final StateStore store;
  private final AuditLog audit;
  private final Path spool;
  private final Path importDirectory;
  private final ExecutorService executor;
  private final Map<String, Ingestion> live = new ConcurrentHashMap<>();
  private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
  private volatile boolean closing;

  @Activate
  public IngestionsImpl(
      @Reference DataPool pool, @Reference StateStore store, @Reference AuditLog audit)
      throws IOException {
    this(pool, store, store.home().resolve("uploads"), store.home().resolve("import"), audit);
  }

  /**
   * @param pool the data pool to load into
   * @param store where ingestions are kept
   * @param spool where uploads are spooled
   * @param importDirectory where file connectors may read
   * @param audit where outcomes are recorded
   * @throws IOException when a directory cannot be created
   */
  public IngestionsImpl(
      DataPool pool, StateStore store, Path spool, Path importDirectory, AuditLog audit)
      throws IOException {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.spool = Files.createDirectories(spool);
    this.importDirectory = Files.createDirectories(importDirectory);
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mingjian-ingestion");
              t.setDaemon(true);
              return t;
            });
    int interrupted = failInterrupted();
    if (interrupted > 0) {
      LOG.warn("{} ingestions were interrupted by a restart and are marked FAILED", interrupted);
    }
  }

  @Deactivate
  void close() throws InterruptedException {
    closing = true;
    executor.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }

  /**
   * @param connector a connector service
   */
  @Reference(
      service = Connector.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      unbind = "removeConnector")
  public void addConnector(Connector connector) {
    Connector previous = connectors.putIfAbsent(connector.name(), connector);
    if (previous != null && previous != connector) {
      LOG.warn("Two connectors are named '{}'; the first one stays", connector.name());
    }
  }

  /**
   * @param connector a connector service going away
   */
  public void removeConnector(Connector connector) {
    connectors.remove(connector.name(), connector);
  }

  @Override
  public List<Connector> connectors() {
    List<Connector> out = new ArrayList<>(connectors.values());
    out.sort(Comparator.comparing(Connector::name));
    return out;
  }

  @Override
  public Ingestion submit(
      String dataset,
      InputStream csv,
      Charset encoding,
      String actor,
      String district,
      boolean force)
      throws IOException {
    if (pool.dataset(dataset).isEmpty()) {
      throw new IllegalArgumentException("unknown dataset '" + dataset + "'");
    }
    String id = UUID.randomUUID().toString();
    Path file = spool.resolve(id + ".csv");
    try (OutputStream out = Files.newOutputStream(file)) {
      csv.transferTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    Ingestion queued = queued(id, dataset, encoding.name(), actor, null);
    try {
      executor.execute(() -> loadFile(queued, file, encoding, district, force));
    } catch (RejectedExecutionException e) {
      Files.deleteIfExists(file);
      finish(queued, State.FAILED, null, List.of("the loader is shutting down"));
    }
    return queued;
  }

  @Override
  public Ingestion submit(
      String dataset,
      String connector,
      Map<String, ?> config,
      String actor,
      String district,
      boolean force) {
    if (pool.dataset(dataset).isEmpty()) {
      throw new NoSuchElementException("unknown dataset '" + dataset + "'");
    }
    Connector c = connector == null ? null : connectors.get(connector);
    if (c == null) {
      throw new InvalidConfigException(
          List.of(
              "no connector '"
                  + connector
                  + "' is installed (installed: "
                  + String.join(", ", connectors().stream().map(Connector::name).toList())
                  + ")"));
    }
    Map<String, Object> checked = check(c.configSchema(), config == null ? Map.of() : config);
    Ingestion queued = queued(UUID.randomUUID().toString(), dataset, null, actor, c.name());
    try {
      executor.execute(() -> loadConnector(queued, c, checked, district, force));
    } catch (RejectedExecutionException e) {
      finish(queued, State.FAILED, null, List.of("the loader is shutting down"));
    }
    return queued;
  }

  /**
   * Checks a configuration against a connector's schema.
   *
   * @return the values converted to what the connector expects
   * @throws InvalidConfigException with every problem
   */
  static Map<String, Object> check(List<ConfigField> schema, Map<String, ?> config) {
    List<String> reasons = new ArrayList<>();
    Map<String, ConfigField> fields = new LinkedHashMap<>();
    schema.forEach(f -> fields.put(f.name(), f));
    for (String key : config.keySet()) {
      if (!fields.containsKey(key)) {
        reasons.add(
            "unknown field '" + key + "' (fields: " + String.join(", ", fields.keySet()) + ")");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (ConfigField f : schema) {
      Object v = config.get(f.name());
      if (v == null) {
        if (f.required()) {
          reasons.add("field '" + f.name() + "' is required");
        }
        continue;
      }
      Object converted =
          switch (f.type()) {
            case STRING -> v instanceof String s ? s : null;
            case INTEGER ->
                v instanceof Integer || v instanceof Long ? ((Number) v).longValue() : null;
            case BOOLEAN -> v instanceof Boolean b ? b : null;
            case MAP -> stringMap(v);
          };
      if (converted == null) {
        reasons.add(
            "field '"
                + f.name()
                + "' must be "
                + switch (f.type()) {
                  case STRING -> "a string";
                  case INTEGER -> "a whole number";
                  case BOOLEAN -> "true or false";
                  case MAP -> "an object of strings";
                });
      } else {
        out.put(f.name(), converted);
      }
    }
    if (!reasons.isEmpty()) {
      throw new InvalidConfigException(reasons);
    }
    return out;
  }

  private static Map<String, String> stringMap(Object v) {
    if (!(v instanceof Map<?, ?> m)) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String s)) {
        return null;
      }
      out.put(k, s);
    }
    return out;
  }

  @Override
  public Optional<Ingestion> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    Ingestion running = live.get(id);
    if (running != null) {
      return Optional.of(running);
    }
    return store.inTransaction(c -> read(c, id));
  }

  private Ingestion queued(String id, String dataset, String encoding, String actor, String conn) {
    Ingestion queued =
        new Ingestion(
            id,
            dataset,
            State.QUEUED,
            0.0,
            0,
            0,
            0,
            List.of(),
            null,
            false,
            encoding,
            actor,
            Instant.now(),
            null,
            conn);
    live.put(id, queued);
    persist(queued);
    return queued;
  }

  private void loadFile(
      Ingestion queued, Path file, Charset encoding, String district, boolean force) {
    try {
      started(queued);
      LoadOptions options =
          new LoadOptions(
              "upload by " + queued.submittedBy() + " (ingestion " + queued.id() + ")",
              queued.submittedBy(),
              null,
              new ConcurrentHashMap<>(),
              p -> update(queued.id(), p),
              () -> closing,
              (r, l, j) -> counted(queued.id(), r, l, j),
              force);
      run(queued, district, () -> pool.loadCsv(queued.dataset(), file, encoding, options));
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete the spooled upload {}: {}", file, e.getMessage());
      }
    }
  }

  private void loadConnector(
      Ingestion queued,
      Connector connector,
      Map<String, Object> config,
      String district,
      boolean force) {
    started(queued);
    Map<String, String> remembered = new ConcurrentHashMap<>();
    DoubleConsumer progress = p -> update(queued.id(), p);
    Context context = new Context(queued.dataset(), connector.name(), remembered, progress);
    RowSource rows;
    try {
      rows = connector.open(config, context);
    } catch (ConnectorException | RuntimeException e) {
      String reason =
          "connector " + connector.name() + " could not open its source: " + e.getMessage();
      LOG.info("Ingestion {} into {} failed: {}", queued.id(), queued.dataset(), reason);
      record(queued, district, "data.ingestion.failed", null, reason);
      finish(queued, State.FAILED, null, List.of(reason));
      return;
    }
    try {
      String described = rows.describe();
      LoadOptions options =
          new LoadOptions(
              "connector "
                  + connector.name()
                  + (described == null || described.isBlank() ? "" : ": " + described)
                  + " (ingestion "
                  + queued.id()
                  + ")",
              queued.submittedBy(),
              connector.name(),
              remembered,
              progress,
              () -> closing,
              (r, l, j) -> counted(queued.id(), r, l, j),
              force);
      run(queued, district, () -> pool.load(queued.dataset(), rows, options));
    } finally {
      try {
        rows.close();
      } catch (ConnectorException | RuntimeException e) {
        LOG.warn("Could not close the source of ingestion {}: {}", queued.id(), e.getMessage());
      }
    }
  }

  private interface Load {
    LoadResult run();
  }

  private void run(Ingestion queued, String district, Load load) {
    LoadResult r;
    try {
      r = load.run();
    } catch (LoadRejectedException e) {
      LOG.info("Ingestion {} into {} failed: {}", queued.id(), queued.dataset(), e.getMessage());
      record(queued, district, "data.ingestion.failed", e.result(), e.getMessage());
      finish(queued, State.FAILED, e.result(), e.result().errors());
      return;
    } catch (RuntimeException e) {
      LOG.info("Ingestion {} into {} failed: {}", queued.id(), queued.dataset(), e.getMessage());
      record(queued, district, "data.ingestion.failed", null, e.getMessage());
      finish(queued, State.FAILED, null, List.of(String.valueOf(e.getMessage())));
      return;
    }
    record(queued, district, "data.ingested", r, null);
    finish(queued, State.SUCCEEDED, r, r.errors());
  }

  /** What a connector sees of its load. */
  private final class Context implements ConnectorContext {
    private final String dataset;
    private final String connector;
    private final Map<String, String> remembered;
    private final DoubleConsumer progress;
    private final List<String> columns;

    Context(
        String dataset, String connector, Map<String, String> remembered, DoubleConsumer progress) {
      this.dataset = dataset;
      this.connector = connector;
      this.remembered = remembered;
      this.progress = progress;
      this.columns =
          pool.dataset(dataset).map(DatasetInfo::definition).orElseThrow().columns().stream()
              .map(ColumnInfo::name)
              .toList();
    }

    @Override
    public String dataset() {
      return dataset;
    }

    @Override
    public List<String> columns() {
      return columns;
    }

    @Override
    public Path importDirectory() {
      return importDirectory;
    }

    @Override
    public void progress(double share) {
      if (share >= 0.0 && share <= 1.0) {
        progress.accept(share);
      }
    }

    @Override
    public boolean cancelled() {
      return closing;
    }

    @Override
    public Optional<String> state(String key) {
      return Optional.ofNullable(pool.connectorState(dataset, connector).get(key));
    }

    @Override
    public void remember(String key, String value) {
      if (key == null || key.length() > 64 || value == null || value.length() > 1000) {
        throw new IllegalArgumentException("a remembered key has ≤ 64, a value ≤ 1000 characters");
      }
      remembered.put(key, value);
    }
  }

  private void started(Ingestion q) {
    Ingestion running = with(q, State.RUNNING, 0.0);
    live.put(q.id(), running);
    persist(running);
  }

  private void update(String id, double progress) {
    live.computeIfPresent(id, (k, v) -> with(v, State.RUNNING, progress));
  }

  /** The running row counts, shown by {@code GET /ingestions/{id}} while the load runs. */
  private void counted(String id, long read, long loaded, long rejected) {
    live.computeIfPresent(id, (k, v) -> copy(v, v.state(), v.progress(), read, loaded, rejected));
  }

  private static Ingestion with(Ingestion v, State state, double progress) {
    return copy(v, state, progress, v.rowsRead(), v.rowsLoaded(), v.rowsRejected());
  }

  private static Ingestion copy(
      Ingestion v, State state, double progress, long read, long loaded, long rejected) {
    return new Ingestion(
        v.id(),
        v.dataset(),
        state,
        progress,
        read,
        loaded,
        rejected,
        v.errors(),
        v.version(),
        v.created(),
        v.encoding(),
        v.submittedBy(),
        v.submittedAt(),
        v.finishedAt(),
        v.connector());
  }

  private void finish(Ingestion q, State state, LoadResult r, List<String> errors) {
    Integer version = r == null || r.version() == 0 ? null : r.version();
    Ingestion done =
        new Ingestion(
            q.id(),
            q.dataset(),
            state,
            1.0,
            r == null ? 0 : r.rowsRead(),
            r == null ? 0 : r.rowsLoaded(),
            r == null ? 0 : r.rowsRejected(),
            errors,
            version,
            r != null && r.created() && state == State.SUCCEEDED,
            q.encoding(),
            q.submittedBy(),
            q.submittedAt(),
            Instant.now(),
            q.connector());
    try {
      persist(done);
    } finally {
      live.remove(q.id());
    }
  }

  // ------------------------------------------------------------------ the state store

  private void persist(Ingestion i) {
    try {
      store.inTransaction(
          c -> {
            try (PreparedStatement up =
                c.prepareStatement(
                    "UPDATE ingestions SET state = ?, progress = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?,"
                        + " errors = ?, version = ?, created = ?, finished_at = ? WHERE id = ?")) {
              Jdbc.bind(
                  up,
                  i.state().name(),
                  i.progress(),
                  i.rowsRead(),
                  i.rowsLoaded(),
                  i.rowsRejected(),
                  joinErrors(i.errors()),
                  i.version(),
                  i.created(),
                  i.finishedAt(),
                  i.id());
              if (up.executeUpdate() > 0) {
                return null;
              }
            }
            try (PreparedStatement ins =
                c.prepareStatement(
                    "INSERT INTO ingestions (id, dataset, state, progress, rows_read, rows_loaded, rows_rejected, errors,"
                        + " version, created, encoding, connector, submitted_by, submitted_at, finished_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              Jdbc.bind(
                      ins,
                      i.id(),
                      i.dataset(),
                      i.state().name(),
                      i.progress(),
                      i.rowsRead(),
                      i.rowsLoaded(),
                      i.rowsRejected(),
                      joinErrors(i.errors()),
                      i.version(),
                      i.created(),
                      i.encoding(),
                      i.connector(),
                      i.submittedBy(),
                      i.submittedAt(),
                      i.finishedAt())
                  .executeUpdate();
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("Could not store ingestion {}: {}", i.id(), e.getMessage());
    }
  }

  /** One reason per line; reasons are one line each, and the whole fits the column. */
  static String joinErrors(List<String> errors) {
    StringBuilder b = new StringBuilder();
    for (String e : errors) {
      String line = String.valueOf(e).replace('\n', ' ').replace('\r', ' ');
      if (b.length() + line.length() + 1 > MAX_ERRORS_CHARS) {
        line = line.substring(0, Math.max(0, MAX_ERRORS_CHARS - b.length() - 2)) + "…";
        b.append(b.length() == 0 ? "" : "\n").append(line);
        break;
      }
      b.append(b.length() == 0 ? "" : "\n").append(line);
    }
    return b.toString();
  }

  private static Optional<Ingestion> read(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, dataset, state, progress, rows_read, rows_loaded, rows_rejected, errors, version, created,"
                + " encoding, connector, submitted_by, submitted_at, finished_at FROM ingestions WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String errors = rs.getString("errors");
        int v = rs.getInt("version");
        Integer version = rs.wasNull() ? null : v;
        return Optional.of(
            new Ingestion(
                rs.getString("id"),
                rs.getString("dataset"),
                State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                rs.getDouble("progress"),
                rs.getLong("rows_read"),
                rs.getLong("rows_loaded"),
                rs.getLong("rows_rejected"),
                errors == null || errors.isEmpty() ? List.of() : List.of(errors.split("\n")),
                version,
                rs.getBoolean("created"),
                rs.getString("encoding"),
                rs.getString("submitted_by"),
                Jdbc.instant(rs, "submitted_at"),
                Jdbc.instant(rs, "finished_at"),
                rs.getString("connector")));
      }
    }
  }

  /** Ingestions left QUEUED or RUNNING by the previous run of the platform never finish. */
  private int failInterrupted() {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE ingestions SET state = 'FAILED', finished_at = ?, errors = ?"
                      + " WHERE state IN ('QUEUED', 'RUNNING')")) {
            return Jdbc.bind(
                    ps,
                    Instant.now(),
                    "the platform stopped before the load ended; no version was created")
                .executeUpdate();
          }
        });
  }

  private void record(Ingestion q, String district, String action, LoadResult r, String problem) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ingestion", q.id());
    if (q.encoding() != null) {
      details.put("encoding", q.encoding());
    }
    if (q.connector() != null) {
      details.put("connector", q.connector());
    }
    if (r != null) {
      details.put("version", r.version());
      details.put("created", r.created());
      details.put("rowsRead", r.rowsRead());
      details.put("rowsLoaded", r.rowsLoaded());
      details.put("rowsRejected", r.rowsRejected());
      if (r.sha256() != null) {
        details.put("sha256", r.sha256());
      }
    }
    if (problem != null) {
      details.put("problem", problem.length() > 500 ? problem.substring(0, 500) + "…" : problem);
    }
    try {
      audit.append(
          new AuditEvent(
              q.submittedBy(), district == null ? "" : district, action, q.dataset(), details));
    } catch (RuntimeException e) {
      LOG.error("Could not record {} of ingestion {}: {}", action, q.id(), e.getMessage());
    }
  }
}
