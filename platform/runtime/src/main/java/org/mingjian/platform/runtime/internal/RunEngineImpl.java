package org.mingjian.platform.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.RunData;
import org.mingjian.platform.runtime.DryRunResult;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.runtime.RunRejectedException.Reason;
import org.mingjian.platform.runtime.RunState;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.Parameters;
import org.mingjian.sdk.runner.InvalidParametersException;
import org.mingjian.sdk.runner.ModelExecution;
import org.mingjian.sdk.runner.ParameterBinder;
import org.mingjian.sdk.runner.RunControl;
import org.mingjian.sdk.runner.RunListener;
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
 * The run engine: a bounded worker pool; each run gets its own data-pool connection, pinned dataset
 * versions, a time limit and a clue cap, and records its clues in one transaction at the end. A
 * failing model fails its own run only.
 */
@Component(service = RunEngine.class, configurationPid = "org.mingjian.runs")
@Designate(ocd = RunEngineImpl.Config.class)
public final class RunEngineImpl implements RunEngine {

  /** Run engine settings. */
  @ObjectClassDefinition(name = "Mingjian run engine")
  public @interface Config {
    /**
     * @return concurrent runs
     */
    @AttributeDefinition(description = "Runs executing at the same time")
    int concurrency() default 2;

    /**
     * @return time limit per run
     */
    @AttributeDefinition(description = "Time limit of one run in seconds")
    long timeoutSeconds() default 600;

    /**
     * @return clue cap per run
     */
    @AttributeDefinition(description = "Most clues one run may emit")
    int maxClues() default 100_000;

    /**
     * @return how long a timed-out Java model may keep its thread before it is quarantined
     */
    @AttributeDefinition(
        description =
            "Seconds a model's thread may stay alive after its time limit and interruption before"
                + " the model is quarantined (bundle stopped, runs refused)")
    long quarantineGraceSeconds() default 5;
  }

  private static final Logger LOG = LoggerFactory.getLogger(RunEngineImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "id, model_id, model_version, district, state, progress, requested_by,"
          + " requested_at, started_at, finished_at, parameters, dataset_versions, bundle_sha256, clues_new,"
          + " clues_updated, error, shadow_of, rerun_of";

  private final StateStore store;
  private final ModelSource registry;
  private final Enablements enablements;
  private final DataPool pool;
  private final ClueStore clues;
  private final AuditLog audit;
  private final Config config;
  private final java.util.concurrent.ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final Map<String, Active> active = new ConcurrentHashMap<>();

  /** A run that is queued or executing. */
  private static final class Active {
    final RunControl control = new RunControl();
    volatile boolean timedOut;
    volatile Thread thread;

    /** The thread ignored its interruption and was given up; nothing it returns is recorded. */
    volatile boolean abandoned;

    /** The run's id, model and version, for a quarantine; {@code null} for a dry run. */
    String runId;

    ModelDescriptor descriptor;
    String district;
  }

  @Activate
  public RunEngineImpl(
      @Reference StateStore store,
      @Reference ModelSource registry,
      @Reference Enablements enablements,
      @Reference DataPool pool,
      @Reference ClueStore clues,
      @Reference AuditLog audit,
      Config config) {
    this.store = store;
    this.registry = registry;
    this.enablements = enablements;
    this.pool = pool;
    this.clues = clues;
    this.audit = audit;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "mingjian-run-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers =
        (java.util.concurrent.ThreadPoolExecutor)
            Executors.newFixedThreadPool(Math.max(1, config.concurrency()), tf);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mingjian-run-timer");
              t.setDaemon(true);
              return t;
            });
    int stale =
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE runs SET state = 'FAILED', error = 'interrupted by a platform restart', finished_at = ?"
                          + " WHERE state IN ('QUEUED', 'RUNNING')")) {
                return Jdbc.bind(ps, Instant.now()).executeUpdate();
              }
            });
    if (stale > 0) {
      LOG.warn("{} runs were interrupted by the last shutdown and are marked FAILED", stale);
    }
  }

  @Deactivate
  void stop() {
    active.values().forEach(a -> a.control.cancel());
    workers.shutdownNow();
    timer.shutdownNow();
  }

  @Override
  public RunRecord submit(
      String modelId, String district, Map<String, ?> parameters, String requestedBy)
      throws RunRejectedException {
    refuseIfQuarantined(modelId);
    Enablement enablement = enablements.get(modelId).orElse(null);
    String version = enablement != null ? enablement.version() : null;
    if (registry.model(modelId, null).isEmpty()) {
      throw new RunRejectedException(Reason.UNKNOWN_MODEL, "no model '" + modelId + "'", Map.of());
    }
    if (enablement == null || !enablement.enabledIn(district)) {
      throw new RunRejectedException(
          Reason.NOT_ENABLED,
          "model '" + modelId + "' is not enabled in district " + district,
          Map.of());
    }
    ModelSource.Entry entry = runnable(modelId, version);
    Map<String, Object> merged = new LinkedHashMap<>(enablement.parametersFor(district));
    if (parameters != null) {
      merged.putAll(parameters);
    }
    Parameters bound = bind(entry.descriptor(), merged);
    String id = insert(entry, district, bound, requestedBy, null, null);
    // a district in shadow also runs the shadow version, whose clues stay out of the queue
    String shadowId = null;
    ModelSource.Entry shadow = null;
    if (enablement.shadowIn(district)) {
      shadow = registry.entry(modelId, enablement.shadowVersion()).orElse(null);
      if (shadow != null && registry.model(modelId, enablement.shadowVersion()).get().runnable()) {
        try {
          Parameters shadowBound = bind(shadow.descriptor(), merged);
          shadowId = insert(shadow, district, shadowBound, requestedBy, id, null);
          start(shadowId, shadow, district, shadowBound, true, null);
        } catch (RunRejectedException e) {
          LOG.warn("Shadow version {} of {} refuses the parameters: {}", shadow, modelId, e);
        }
      } else {
        LOG.warn(
            "Shadow version {} of {} is not runnable here", enablement.shadowVersion(), modelId);
      }
    }
    start(id, entry, district, bound, shadowId != null, null);
    return get(id).orElseThrow();
  }

  private void refuseIfQuarantined(String modelId) throws RunRejectedException {
    var q = enablements.quarantine(modelId);
    if (q.isPresent()) {
      throw new RunRejectedException(
          Reason.QUARANTINED,
          "model '" + modelId + "' is quarantined: " + q.get().reason(),
          Map.of("version", q.get().version()));
    }
  }

  @Override
  public RunRecord rerun(String originalId, String requestedBy) throws RunRejectedException {
    RunRecord original =
        get(originalId)
            .orElseThrow(
                () ->
                    new RunRejectedException(
                        Reason.UNKNOWN_MODEL, "no run '" + originalId + "'", Map.of()));
    String modelId = original.modelId();
    String version = original.modelVersion();
    refuseIfQuarantined(modelId);
    var registered = registry.model(modelId, version);
    if (registered.isEmpty()) {
      throw new RunRejectedException(
          Reason.NOT_REPRODUCIBLE,
          "version " + version + " of model '" + modelId + "' is not installed any more",
          Map.of("modelId", modelId, "version", version));
    }
    if (!registered.get().runnable()) {
      throw new RunRejectedException(
          Reason.NOT_REPRODUCIBLE,
          "version "
              + version
              + " of model '"
              + modelId
              + "' cannot run: "
              + registered.get().problem(),
          Map.of("modelId", modelId, "version", version));
    }
    ModelSource.Entry entry = registry.entry(modelId, version).orElseThrow();
    if (original.bundleSha256() != null
        && entry.sha256() != null
        && !original.bundleSha256().equals(entry.sha256())) {
      throw new RunRejectedException(
          Reason.NOT_REPRODUCIBLE,
          "the bundle of version "
              + version
              + " of model '"
              + modelId
              + "' is not the one the original run used (SHA-256 differs)",
          Map.of("bundleSha256", original.bundleSha256()));
    }
    Parameters bound =
        bind(entry.descriptor(), original.parameters() == null ? Map.of() : original.parameters());
    Map<String, Integer> pinned = original.datasetVersions();
    if (pinned != null) {
      pinVersions(pinned); // refuses now when a version is gone
    }
    String id = insert(entry, original.district(), bound, requestedBy, null, originalId);
    start(id, entry, original.district(), bound, false, pinned);
    return get(id).orElseThrow();
  }

  /**
   * Pins given versions of datasets: each must still be in the catalog and its table in the pool.
   */
  private RunData pinVersions(Map<String, Integer> versions) throws RunRejectedException {
    Map<String, org.mingjian.sdk.runner.PhysicalDataset> tables = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> v : versions.entrySet()) {
      org.mingjian.sdk.runner.PhysicalDataset table =
          store.inTransaction(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT d.district_column, v.physical_table FROM datasets d JOIN"
                            + " dataset_versions v ON v.dataset = d.name WHERE d.name = ? AND"
                            + " v.version = ?")) {
                  Jdbc.bind(ps, v.getKey(), v.getValue());
                  try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                        ? new org.mingjian.sdk.runner.PhysicalDataset(
                            rs.getString(2), rs.getString(1))
                        : null;
                  }
                }
              });
      boolean present = table != null;
      if (present) {
        try (Connection c = pool.openRunConnection();
            java.sql.Statement st = c.createStatement()) {
          st.executeQuery("SELECT 1 FROM " + table.table() + " LIMIT 0").close();
        } catch (SQLException e) {
          present = false;
        }
      }
      if (!present) {
        throw new RunRejectedException(
            Reason.NOT_REPRODUCIBLE,
            "version " + v.getValue() + " of dataset '" + v.getKey() + "' is gone",
            Map.of("dataset", v.getKey(), "version", String.valueOf(v.getValue())));
      }
      tables.put(v.getKey(), table);
    }
    return new RunData(n -> Optional.ofNullable(tables.get(n)), Map.copyOf(versions));
  }

  private ModelSource.Entry runnable(String modelId, String version) throws RunRejectedException {
    var registered =
        registry
            .model(modelId, version)
            .orElseThrow(
                () ->
                    new RunRejectedException(
                        Reason.UNKNOWN_MODEL,
                        "version "
                            + version
                            + " of model '"
                            + modelId
                            + "' is not installed on this node",
                        Map.of()));
    if (!registered.runnable()) {
      throw new RunRejectedException(
          Reason.UNKNOWN_MODEL,
          "model '" + modelId + "' cannot run: " + registered.problem(),
          Map.of());
    }
    return registry.entry(modelId, version).orElseThrow();
  }

  private static Parameters bind(ModelDescriptor d, Map<String, ?> parameters)
      throws RunRejectedException {
    try {
      return ParameterBinder.bind(d, parameters);
    } catch (InvalidParametersException e) {
      throw new RunRejectedException(Reason.INVALID_PARAMETERS, "invalid parameters", e.problems());
    }
  }

  private String insert(
      ModelSource.Entry entry,
      String district,
      Parameters bound,
      String requestedBy,
      String shadowOf,
      String rerunOf) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (id, model_id, model_version, district, state,"
                      + " progress, requested_by, requested_at, parameters, bundle_sha256, clues_new,"
                      + " clues_updated, shadow_of, rerun_of)"
                      + " VALUES (?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?, 0, 0, ?, ?)")) {
            Jdbc.bind(
                    ps,
                    id,
                    entry.descriptor().id(),
                    entry.descriptor().version(),
                    district,
                    requestedBy,
                    now,
                    json(plain(bound)),
                    entry.sha256(),
                    shadowOf,
                    rerunOf)
                .executeUpdate();
          }
          return null;
        });
    return id;
  }

  private static Map<String, Object> plain(Parameters bound) {
    Map<String, Object> params = new LinkedHashMap<>();
    bound
        .asMap()
        .forEach(
            (k, v) ->
                params.put(k, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v)));
    return params;
  }

  private void start(
      String id,
      ModelSource.Entry entry,
      String district,
      Parameters bound,
      boolean keepSet,
      Map<String, Integer> pinned) {
    Active a = new Active();
    a.runId = id;
    a.descriptor = entry.descriptor();
    a.district = district;
    active.put(id, a);
    workers.execute(() -> execute(id, entry, district, bound, a, keepSet, pinned));
  }

  /** Runs the model into a list; the caller records it. */
  private List<Clue> runModel(
      String label,
      ModelDescriptor d,
      String sql,
      java.util.function.Supplier<Model> model,
      String district,
      Parameters params,
      Active a,
      RunData data,
      java.util.function.DoubleConsumer progress)
      throws Exception {
    List<Clue> found = new ArrayList<>();
    try (Connection connection = pool.openRunConnection()) {
      ModelExecution exec =
          ModelExecution.builder()
              .connection(connection)
              .descriptor(d)
              .resolver(data.resolver())
              .district(district)
              .parameters(params)
              .control(a.control)
              .maxClues(config.maxClues())
              .listener(
                  new RunListener() {
                    @Override
                    public void clue(Clue clue) {
                      found.add(clue);
                    }

                    @Override
                    public void progress(double fraction) {
                      progress.accept(fraction);
                    }

                    @Override
                    public void log(String level, String message) {
                      LOG.info("[run {} {}] {} {}", label, d.id(), level, message);
                    }
                  })
              .build();
      if (d.kind() == ModelKind.SQL) {
        exec.runSql(sql);
      } else {
        exec.run(model.get());
      }
    }
    return found;
  }

  private ScheduledFuture<?> arm(Active a) {
    return timer.schedule(
        () -> {
          a.timedOut = true;
          a.control.cancel();
          Thread t = a.thread;
          if (t != null) {
            t.interrupt();
            timer.schedule(
                () -> abandonIfStuck(a, t),
                Math.max(0, config.quarantineGraceSeconds()),
                TimeUnit.SECONDS);
          }
        },
        config.timeoutSeconds(),
        TimeUnit.SECONDS);
  }

  /**
   * A model whose thread outlives its time limit and interruption by the grace period is given up:
   * its run ends TIMED_OUT now, a worker replaces the lost thread, and the model is quarantined.
   */
  private void abandonIfStuck(Active a, Thread t) {
    if (a.thread != t || !t.isAlive()) {
      return; // it ended in time
    }
    a.abandoned = true;
    if (a.runId == null) {
      LOG.error(
          "A dry run of {} ignored its time limit; its thread {} is abandoned",
          a.descriptor != null ? a.descriptor.id() : "a candidate",
          t.getName());
      return;
    }
    synchronized (workers) {
      workers.setMaximumPoolSize(workers.getMaximumPoolSize() + 1);
      workers.setCorePoolSize(workers.getCorePoolSize() + 1);
    }
    String modelId = a.descriptor.id();
    String version = a.descriptor.version();
    String reason =
        "version "
            + version
            + " ignored the end of its time limit: its thread was still running "
            + config.quarantineGraceSeconds()
            + " s after it was interrupted (run "
            + a.runId
            + ")";
    try {
      enablements.quarantine(
          new org.mingjian.platform.runtime.Quarantine(
              modelId, version, reason, a.runId, Instant.now()));
      boolean stopped = registry.stop(modelId, version);
      audit.append(
          new AuditEvent(
              AuditEvent.SYSTEM,
              a.district,
              "model.quarantined",
              modelId,
              Map.of(
                  "version",
                  version,
                  "runId",
                  a.runId,
                  "reason",
                  reason,
                  "bundleStopped",
                  stopped)));
      LOG.error("Model {} {} quarantined: {}", modelId, version, reason);
    } catch (RuntimeException e) {
      LOG.error("Could not quarantine model {} {}", modelId, version, e);
    }
    // ended last, so whoever sees the run TIMED_OUT also sees the quarantine
    finish(
        a.runId,
        RunState.TIMED_OUT,
        timeoutMessage() + " and its code ignored the interruption",
        0,
        0);
    active.remove(a.runId);
  }

  /** The thread of an abandoned run came back after all: the pool shrinks to its size again. */
  private void reclaim(Active a) {
    if (a.abandoned && a.runId != null) {
      synchronized (workers) {
        workers.setCorePoolSize(Math.max(1, workers.getCorePoolSize() - 1));
        workers.setMaximumPoolSize(Math.max(1, workers.getMaximumPoolSize() - 1));
      }
    }
  }

  private void execute(
      String id,
      ModelSource.Entry entry,
      String district,
      Parameters params,
      Active a,
      boolean keepSet,
      Map<String, Integer> pinned) {
    a.thread = Thread.currentThread();
    ModelDescriptor d = entry.descriptor();
    ScheduledFuture<?> timeout = arm(a);
    long[] lastProgressWrite = {0};
    try {
      if (a.control.isCancelled()) {
        finish(id, RunState.CANCELLED, null, 0, 0);
        return;
      }
      RunData data =
          pinned != null
              ? pinVersions(pinned)
              : pool.pin(d.datasets().stream().map(DatasetContract::name).toList());
      RunRecord requested = get(id).orElseThrow();
      // no data is read before the read is in the audit chain
      audit.append(
          new AuditEvent(
              requested.requestedBy(),
              district,
              "data.read",
              id,
              Map.of(
                  "modelId", d.id(), "version", d.version(), "datasetVersions", data.versions())));
      update(
          id,
          "UPDATE runs SET state = 'RUNNING', started_at = ?, dataset_versions = ? WHERE id = ?",
          Instant.now(),
          json(data.versions()),
          id);
      List<Clue> found =
          runModel(
              id,
              d,
              entry.sql(),
              () ->
                  registry
                      .service(d.id(), d.version())
                      .orElseThrow(
                          () -> new IllegalStateException("the model's service went away")),
              district,
              params,
              a,
              data,
              fraction -> {
                long now = System.currentTimeMillis();
                if (now - lastProgressWrite[0] > 250) {
                  lastProgressWrite[0] = now;
                  update(
                      id,
                      "UPDATE runs SET progress = ? WHERE id = ?",
                      Math.min(0.99, fraction),
                      id);
                }
              });
      if (a.abandoned) {
        return; // already TIMED_OUT; what it found now is not recorded
      }
      if (a.control.isCancelled()) {
        Thread.interrupted(); // so that the end can still be written to the audit trail
        finish(
            id,
            a.timedOut ? RunState.TIMED_OUT : RunState.CANCELLED,
            a.timedOut ? timeoutMessage() : null,
            0,
            0);
        return;
      }
      if (keepSet) {
        clues.recordRunSet(id, d.id(), found);
      }
      if (requested.shadowOf() != null) {
        finish(id, RunState.SUCCEEDED, null, found.size(), 0);
      } else {
        RecordResult r = clues.record(d.id(), d.version(), id, found);
        finish(id, RunState.SUCCEEDED, null, r.created(), r.updated());
      }
    } catch (Throwable e) {
      if (a.timedOut || a.control.isCancelled()) {
        Thread.interrupted(); // so that the end can still be written to the audit trail
      }
      if (a.abandoned) {
        LOG.info("The abandoned run {} of {} ended after all: {}", id, d.id(), e.toString());
      } else if (a.timedOut) {
        finish(id, RunState.TIMED_OUT, timeoutMessage(), 0, 0);
      } else if (a.control.isCancelled()) {
        finish(id, RunState.CANCELLED, null, 0, 0);
      } else {
        LOG.warn("Run {} of {} failed", id, d.id(), e);
        finish(id, RunState.FAILED, reason(e), 0, 0);
      }
      if (e instanceof Error err
          && !(e instanceof OutOfMemoryError)
          && !(e instanceof StackOverflowError)) {
        throw err;
      }
    } finally {
      timeout.cancel(false);
      active.remove(id);
      a.thread = null;
      reclaim(a);
      Thread.interrupted();
    }
  }

  @Override
  public DryRunResult dryRun(
      ModelDescriptor d,
      String sql,
      Model model,
      String district,
      Map<String, ?> parameters,
      String requestedBy)
      throws RunRejectedException {
    Parameters bound = bind(d, parameters == null ? Map.of() : parameters);
    String label = "dry-run-" + UUID.randomUUID();
    Active a = new Active();
    a.thread = Thread.currentThread();
    ScheduledFuture<?> timeout = arm(a);
    long t0 = System.nanoTime();
    Map<String, Integer> versions = Map.of();
    try {
      RunData data = pool.pin(d.datasets().stream().map(DatasetContract::name).toList());
      versions = data.versions();
      audit.append(
          new AuditEvent(
              requestedBy,
              district,
              "data.read",
              label,
              Map.of(
                  "modelId",
                  d.id(),
                  "version",
                  d.version(),
                  "dryRun",
                  true,
                  "datasetVersions",
                  data.versions())));
      List<Clue> found =
          runModel(label, d, sql, () -> model, district, bound, a, data, fraction -> {});
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (a.timedOut) {
        return new DryRunResult(List.of(), versions, ms, RunState.TIMED_OUT, timeoutMessage());
      }
      return new DryRunResult(found, versions, ms, RunState.SUCCEEDED, null);
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return a.timedOut
          ? new DryRunResult(List.of(), versions, ms, RunState.TIMED_OUT, timeoutMessage())
          : new DryRunResult(List.of(), versions, ms, RunState.FAILED, reason(e));
    } finally {
      timeout.cancel(false);
      Thread.interrupted();
    }
  }

  @Override
  public Optional<RunRecord> latestShadowRun(String modelId, String district) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM runs WHERE model_id = ? AND district = ? AND shadow_of IS NOT NULL"
                      + " AND state = 'SUCCEEDED' ORDER BY requested_at DESC LIMIT 1")) {
            Jdbc.bind(ps, modelId, district);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<RunRecord>empty();
            }
          }
        });
  }

  private String timeoutMessage() {
    return "the run exceeded its time limit of " + config.timeoutSeconds() + " s";
  }

  static String reason(Throwable e) {
    String m = e.getMessage();
    String text =
        e instanceof org.mingjian.sdk.model.ModelException && m != null
            ? m
            : e.getClass().getSimpleName() + (m != null ? ": " + m : "");
    return text.length() > 3900 ? text.substring(0, 3900) : text;
  }

  private void finish(String id, RunState state, String error, int created, int updated) {
    int changed =
        update(
            id,
            "UPDATE runs SET state = ?, error = ?, finished_at = ?, progress = ?, clues_new = ?, clues_updated = ?"
                + " WHERE id = ? AND state IN ('QUEUED', 'RUNNING')",
            state.name(),
            error,
            Instant.now(),
            state == RunState.SUCCEEDED ? 1.0 : 0.0,
            created,
            updated,
            id);
    if (changed == 0) {
      return; // it already ended (an abandoned run whose thread came back)
    }
    LOG.info("Run {} ended {}{}", id, state, error != null ? ": " + error : "");
    try {
      get(id)
          .ifPresent(
              r -> {
                Map<String, Object> details = new java.util.LinkedHashMap<>();
                details.put("modelId", r.modelId());
                details.put("version", r.modelVersion());
                details.put("state", r.state().name());
                details.put("cluesNew", r.cluesNew());
                details.put("cluesUpdated", r.cluesUpdated());
                if (r.error() != null) {
                  details.put("error", r.error());
                }
                audit.append(
                    new AuditEvent(r.requestedBy(), r.district(), "run.finished", id, details));
              });
    } catch (RuntimeException e) {
      LOG.error("Could not record the end of run {} in the audit trail", id, e);
    }
  }

  private int update(String id, String sql, Object... args) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            return Jdbc.bind(ps, args).executeUpdate();
          }
        });
  }

  @Override
  public Optional<RunRecord> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<RunRecord>empty();
            }
          }
        });
  }

  @Override
  public List<RunRecord> list(
      String modelId, String district, RunState state, int offset, int limit) {
    List<Object> args = new ArrayList<>();
    String where = where(modelId, district, state, args);
    args.add(limit);
    args.add(offset);
    return store.inTransaction(
        c -> {
          List<RunRecord> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM runs"
                      + where
                      + " ORDER BY requested_at DESC, id LIMIT ? OFFSET ?")) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  @Override
  public long count(String modelId, String district, RunState state) {
    List<Object> args = new ArrayList<>();
    String where = where(modelId, district, state, args);
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs" + where)) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  private static String where(String modelId, String district, RunState state, List<Object> args) {
    StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    if (modelId != null) {
      sql.append(" AND model_id = ?");
      args.add(modelId);
    }
    if (district != null) {
      sql.append(" AND district = ?");
      args.add(district);
    }
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state.name());
    }
    return sql.toString();
  }

  @Override
  public boolean cancel(String id) {
    Active a = active.get(id);
    if (a == null) {
      return false;
    }
    a.control.cancel();
    return true;
  }

  private static RunRecord read(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getString("id"),
        rs.getString("model_id"),
        rs.getString("model_version"),
        rs.getString("district"),
        RunState.valueOf(rs.getString("state")),
        rs.getDouble("progress"),
        rs.getString("requested_by"),
        Jdbc.instant(rs, "requested_at"),
        Jdbc.instant(rs, "started_at"),
        Jdbc.instant(rs, "finished_at"),
        parse(rs.getString("parameters"), new TypeReference<Map<String, Object>>() {}),
        parse(rs.getString("dataset_versions"), new TypeReference<Map<String, Integer>>() {}),
        rs.getString("bundle_sha256"),
        rs.getInt("clues_new"),
        rs.getInt("clues_updated"),
        rs.getString("error"),
        rs.getString("shadow_of"),
        rs.getString("rerun_of"));
  }

  private static <T> T parse(String json, TypeReference<T> type) throws SQLException {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt run record: " + e.getMessage(), e);
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
