package org.mingjian.platform.audit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.VerifyResult;
import org.mingjian.platform.store.internal.StateStoreImpl;

/**
 * Throughput of durable appends and time of a full verification, each against a new H2 file
 * database in a temporary directory, pooled like the production datasource and made durable as in
 * production ({@code CHECKPOINT SYNC} after every batch). Not a test (Surefire does not run it);
 * see the module README for the command.
 *
 * <p>Arguments: {@code [events per append run, default 100000] [entries to verify, default
 * 1000000]}.
 */
public final class AuditBenchmark {
  private static final List<String[]> ROWS = new ArrayList<>();

  private AuditBenchmark() {}

  /** A database, its store and an audit log on it. */
  private record Db(Path dir, JdbcConnectionPool pool, AuditLogImpl log) {
    static Db open(Path dir) throws Exception {
      String url = "jdbc:h2:file:" + dir.resolve("state/mingjian") + ";DB_CLOSE_DELAY=-1";
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "mingjian", "bench-password");
      pool.setMaxConnections(8);
      StateStoreImpl store = new StateStoreImpl(pool, dir);
      return new Db(dir, pool, new AuditLogImpl(store, dir.resolve("keys"), 0));
    }

    void close() {
      log.close();
      pool.dispose();
    }

    String size() throws IOException {
      try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
        long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int verifyEntries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    System.out.printf(
        "H2 file databases under %s, %d CPUs, Java %s%n",
        System.getProperty("java.io.tmpdir"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));

    appendRun("append(), 1 writer", 1, 1, 2_000, events);
    appendRun("append(), 8 writers", 8, 1, 10_000, events);
    appendRun("append(), 64 writers", 64, 1, 10_000, events);
    appendRun("appendAll(100 events), 8 writers", 8, 100, 20_000, events);

    Path dir = Files.createTempDirectory("audit-bench");
    try {
      Db db = Db.open(dir);
      long t0 = System.nanoTime();
      run(db.log(), 4, 5_000, verifyEntries);
      System.out.printf(
          "filled %d entries with appendAll(5000) x 4 in %.1f s%n",
          verifyEntries, (System.nanoTime() - t0) / 1e9);
      time(db, "verify() " + verifyEntries + " entries, same instance");
      db.close();
      // again on a freshly opened database, as an auditor's verify after a restart
      db = Db.open(dir);
      time(db, "verify() " + verifyEntries + " entries, database reopened");
      time(db, "verify() " + verifyEntries + " entries, again");
      db.close();
    } finally {
      delete(dir);
    }

    System.out.println();
    System.out.printf(
        "%-42s %12s %10s %9s  %s%n", "run", "events/s", "time", "db size", "load average");
    for (String[] r : ROWS) {
      System.out.printf("%-42s %12s %10s %9s  %s%n", (Object[]) r);
    }
  }

  private static void appendRun(String name, int writers, int batch, int warmup, long events)
      throws Exception {
    Path dir = Files.createTempDirectory("audit-bench");
    try {
      Db db = Db.open(dir);
      run(db.log(), writers, batch, warmup);
      String load = load();
      long t0 = System.nanoTime();
      long done = run(db.log(), writers, batch, events);
      double seconds = (System.nanoTime() - t0) / 1e9;
      String[] row = {
        name + " (" + done + ")",
        String.format(Locale.ROOT, "%,.0f", done / seconds),
        String.format(Locale.ROOT, "%.1f s", seconds),
        db.size(),
        load + " -> " + load()
      };
      db.close();
      ROWS.add(row);
      System.out.printf("%-42s %12s events/s %8s %9s  %s%n", (Object[]) row);
    } finally {
      delete(dir);
    }
  }

  /** Appends {@code events} events from {@code writers} threads, {@code batch} per call. */
  private static long run(AuditLogImpl log, int writers, int batch, long events) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    AtomicLong remaining = new AtomicLong(events);
    AtomicLong done = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String actor = "user" + w;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                long i;
                while ((i = remaining.getAndAdd(-batch)) > 0) {
                  int n = (int) Math.min(batch, i);
                  if (n == 1) {
                    log.append(event(actor, i));
                  } else {
                    List<AuditEvent> list = new ArrayList<>(n);
                    for (int k = 0; k < n; k++) {
                      list.add(event(actor, i - k));
                    }
                    log.appendAll(list);
                  }
                  done.addAndGet(n);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return done.get();
  }

  private static AuditEvent event(String actor, long i) {
    return new AuditEvent(
        actor,
        "110105",
        "data.read",
        "dataset:provident_fund_loans",
        Map.of("run", "3f1c9a2e-7b4d-4c55-9a61-0d2f5e8b7c10", "rows", i, "columns", 12));
  }

  private static void time(Db db, String name) throws IOException {
    String load = load();
    long t0 = System.nanoTime();
    VerifyResult r = db.log().verify();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!r.valid()) {
      throw new IllegalStateException("chain not valid: " + r);
    }
    String[] row = {
      name,
      String.format(Locale.ROOT, "%,.0f", r.entries() / seconds),
      String.format(Locale.ROOT, "%.2f s", seconds),
      db.size(),
      load + " -> " + load()
    };
    ROWS.add(row);
    System.out.printf("%-42s %12s entries/s %7s %9s  %s%n", (Object[]) row);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
