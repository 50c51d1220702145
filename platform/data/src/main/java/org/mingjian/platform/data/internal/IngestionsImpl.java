package org.mingjian.platform.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestion.State;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads uploads one at a time on a single worker thread (the pool serializes loads anyway). The
 * upload is spooled to {@code <home>/uploads} first and deleted once loaded. Ingestions are kept in
 * memory, the latest {@value #KEEP}; the outcome of each is recorded in the audit trail as {@code
 * data.ingested} or {@code data.ingestion.failed}.
 */
@Component(service = Ingestions.class)
public final class IngestionsImpl implements Ingestions {
  static final int KEEP = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(IngestionsImpl.class);

  private final DataPool pool;
  private final AuditLog audit;
  private final Path spool;
  private final ExecutorService executor;
  private final Map<String, Ingestion> ingestions = new ConcurrentHashMap<>();
  private final Queue<String> order = new ConcurrentLinkedQueue<>();

  @Activate
  public IngestionsImpl(
      @Reference DataPool pool, @Reference StateStore store, @Reference AuditLog audit)
      throws IOException {
    this(pool, store.home().resolve("uploads"), audit);
  }

  /**
   * @param pool the data pool to load into
   * @param spool where uploads are spooled
   * @param audit where outcomes are recorded
   * @throws IOException when the spool directory cannot be created
   */
  public IngestionsImpl(DataPool pool, Path spool, AuditLog audit) throws IOException {
    this.pool = pool;
    this.audit = audit;
    this.spool = Files.createDirectories(spool);
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "mingjian-ingestion");
              t.setDaemon(true);
              return t;
            });
  }

  @Deactivate
  void close() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(30, TimeUnit.SECONDS);
  }

  @Override
  public Ingestion submit(
      String dataset, InputStream csv, Charset encoding, String actor, String district)
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
            encoding.name(),
            actor,
            Instant.now(),
            null);
    ingestions.put(id, queued);
    order.add(id);
    evict();
    try {
      executor.execute(() -> load(queued, file, encoding, district));
    } catch (RejectedExecutionException e) {
      Files.deleteIfExists(file);
      finish(queued, State.FAILED, null, List.of("the loader is shutting down"));
    }
    return queued;
  }

  @Override
  public Optional<Ingestion> get(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(ingestions.get(id));
  }

  private void load(Ingestion queued, Path file, Charset encoding, String district) {
    try {
      update(queued.id(), State.RUNNING, 0.0);
      LoadResult r;
      try {
        r =
            pool.loadCsv(
                queued.dataset(),
                file,
                "upload by " + queued.submittedBy() + " (ingestion " + queued.id() + ")",
                encoding,
                p -> update(queued.id(), State.RUNNING, p));
      } catch (LoadRejectedException e) {
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
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Could not delete the spooled upload {}: {}", file, e.getMessage());
      }
    }
  }

  private void update(String id, State state, double progress) {
    ingestions.computeIfPresent(
        id,
        (k, v) ->
            new Ingestion(
                v.id(),
                v.dataset(),
                state,
                progress,
                v.rowsRead(),
                v.rowsLoaded(),
                v.rowsRejected(),
                v.errors(),
                v.version(),
                v.created(),
                v.encoding(),
                v.submittedBy(),
                v.submittedAt(),
                v.finishedAt()));
  }

  private void finish(Ingestion q, State state, LoadResult r, List<String> errors) {
    Integer version = r == null || r.version() == 0 ? null : r.version();
    ingestions.put(
        q.id(),
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
            Instant.now()));
  }

  private void record(Ingestion q, String district, String action, LoadResult r, String problem) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("ingestion", q.id());
    details.put("encoding", q.encoding());
    if (r != null) {
      details.put("version", r.version());
      details.put("created", r.created());
      details.put("rowsRead", r.rowsRead());
      details.put("rowsLoaded", r.rowsLoaded());
      details.put("rowsRejected", r.rowsRejected());
      details.put("sha256", r.sha256());
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

  private void evict() {
    while (order.size() > KEEP) {
      String oldest = order.peek();
      Ingestion i = oldest == null ? null : ingestions.get(oldest);
      if (i != null && !i.finished()) {
        return;
      }
      order.poll();
      if (oldest != null) {
        ingestions.remove(oldest);
      }
    }
  }
}
