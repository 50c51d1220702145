package org.mingjian.platform.audit.internal;

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
 * Throughput of durable appends and time of a full verification, against an H2 file database in a
 * temporary directory, pooled like the production datasource. Not a test (Surefire does not run
 * it); see the module README for the command.
 *
 * <p>Arguments: {@code [events per append run, default 100000] [entries to verify, default 1000000]
 * [directory, default a new temporary one]}.
 */
public final class AuditBenchmark {
  private static final List<String[]> ROWS = new ArrayList<>();

  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int verifyEntries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir =
        args.length > 2
            ? Files.createDirectories(Path.of(args[2]))
            : Files.createTempDirectory("audit-bench");
    String url = "jdbc:h2:file:" + dir.resolve("state/mingjian") + ";DB_CLOSE_DELAY=-1";
    System.out.printf(
        "H2 file database %s, %d CPUs, Java %s%n",
        dir, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "mingjian", "bench-password");
    pool.setMaxConnections(8);
    StateStoreImpl store = new StateStoreImpl(pool, dir);
    AuditLogImpl log = new AuditLogImpl(store, dir.resolve("keys"), 0);

    appendRun(log, "append(), 1 writer", 1, 1, Math.min(2_000, events), events);
    appendRun(log, "append(), 8 writers", 8, 1, 5_000, events);
    appendRun(log, "appendAll(100 events), 8 writers", 8, 100, 10_000, events);
    appendRun(log, "append(), 64 writers", 64, 1, 10_000, events);

    long have = log.search(null, 0, 1).total();
    if (have < verifyEntries) {
      appendRun(
          log, "appendAll(10000 events), 1 writer (fill)", 1, 10_000, 0, verifyEntries - have);
    }
    long toVerify = log.search(null, 0, 1).total();
    time(log, "verify() " + toVerify + " entries, same instance");
    log.close();
    pool.dispose();

    // again from a freshly opened database, as an auditor's verify after a restart
    pool = JdbcConnectionPool.create(url, "mingjian", "bench-password");
    store = new StateStoreImpl(pool, dir);
    log = new AuditLogImpl(store, dir.resolve("keys"), 0);
    time(log, "verify() " + toVerify + " entries, database just reopened");
    time(log, "verify() " + toVerify + " entries, again");
    log.close();
    pool.dispose();

    long bytes;
    try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.println();
    System.out.printf("%-52s %14s %12s%n", "run", "events/s", "time");
    for (String[] r : ROWS) {
      System.out.printf("%-52s %14s %12s%n", r[0], r[1], r[2]);
    }
    System.out.printf("%nDatabase files: %.1f MB for %d entries%n", bytes / 1e6, toVerify + 0L);
    if (args.length <= 2) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void appendRun(
      AuditLogImpl log, String name, int writers, int batch, int warmup, long events)
      throws Exception {
    if (warmup > 0) {
      run(log, writers, batch, warmup);
    }
    long t0 = System.nanoTime();
    long done = run(log, writers, batch, events);
    double seconds = (System.nanoTime() - t0) / 1e9;
    String rate = String.format(Locale.ROOT, "%,.0f", done / seconds);
    String time = String.format(Locale.ROOT, "%.1f s", seconds);
    ROWS.add(new String[] {name + " (" + done + ")", rate, time});
    System.out.printf("%-52s %14s events/s %10s%n", name + " (" + done + ")", rate, time);
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

  private static void time(AuditLogImpl log, String name) {
    long t0 = System.nanoTime();
    VerifyResult r = log.verify();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!r.valid()) {
      throw new IllegalStateException("chain not valid: " + r);
    }
    String rate = String.format(Locale.ROOT, "%,.0f", r.entries() / seconds);
    String time = String.format(Locale.ROOT, "%.2f s", seconds);
    ROWS.add(new String[] {name, rate, time});
    System.out.printf("%-52s %14s entries/s %9s%n", name, rate, time);
  }
}
