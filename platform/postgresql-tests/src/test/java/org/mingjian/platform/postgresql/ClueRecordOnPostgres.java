package org.mingjian.platform.postgresql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.mingjian.platform.clues.internal.ClueRecordBenchmark;
import org.mingjian.sdk.model.Clue;

/**
 * The clue persistence benchmark ({@link ClueRecordBenchmark}) with the state store on PostgreSQL:
 * a throw-away cluster with PostgreSQL's default durability (fsync and synchronous commit on), a
 * fresh database for each measurement. Not a test (Surefire does not run it); see
 * docs/benchmarks.md §8.
 *
 * <pre>
 * java -cp ... org.mingjian.platform.postgresql.ClueRecordOnPostgres [N] [repetitions] [runSize]
 * </pre>
 */
public final class ClueRecordOnPostgres {

  private ClueRecordOnPostgres() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int runSize = args.length > 2 ? Integer.parseInt(args[2]) : n;
    List<Clue> clues = ClueRecordBenchmark.clues(n);
    try (PostgresCluster pg = PostgresCluster.start(true)) {
      System.out.printf(
          "clue persistence on PostgreSQL %s (fsync on): N=%d, %d repetitions, %d clues per"
              + " record() call, %d cpus, load average %s%n",
          pg.version(),
          n,
          reps,
          runSize,
          Runtime.getRuntime().availableProcessors(),
          Files.readString(Path.of("/proc/loadavg")).strip());
      Path home = Files.createTempDirectory("clue-bench-pg");
      List<Clue> some = clues.subList(0, Math.min(clues.size(), 20_000));
      ClueRecordBenchmark.baseline(pg.newDatabase("warm"), some, Integer.MAX_VALUE, true);
      ClueRecordBenchmark.store(pg.newDatabase("warm"), home.resolve("warm"), some, some.size());
      for (int rep = 1; rep <= reps; rep++) {
        double[] indexed =
            ClueRecordBenchmark.baseline(pg.newDatabase("base"), clues, Integer.MAX_VALUE, true);
        double[] store =
            ClueRecordBenchmark.store(
                pg.newDatabase("store"), home.resolve("rep" + rep), clues, runSize);
        System.out.printf(
            "rep %d  record new: %,9.0f clues/s   record again (dedup): %,9.0f clues/s   |"
                + "  baseline with the clues table's four indexes: insert %,9.0f rows/s,"
                + " update %,9.0f rows/s   |  ratio store/baseline new %.2f, again %.2f%n",
            rep,
            store[0],
            store[1],
            indexed[0],
            indexed[1],
            store[0] / indexed[0],
            store[1] / indexed[1]);
      }
      System.out.printf(
          "load average at the end %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }
  }
}
