package org.mingjian.platform.postgresql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.Scale;

/**
 * The provident-fund reference model through the SDK runner on the same generated data in DuckDB (a
 * database file, as the platform's data pool) and in PostgreSQL (a throw-away cluster, default
 * settings but {@code fsync=off}), with and without B-tree indexes on the district columns.
 *
 * <p>Arguments: {@code small|city} (default small), districts (default 4), repetitions per district
 * (default 3; the first is reported separately as the cold run). Run by {@code
 * run-pool-benchmark.sh}.
 */
public final class PoolEngineBenchmark {
  private static final String MODEL = "provident-fund-false-litigation";

  private PoolEngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    Scale scale = args.length > 0 ? Scale.valueOf(args[0].toUpperCase(Locale.ROOT)) : Scale.SMALL;
    int districts = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> codes =
        List.of("110105", "110108", "110101", "110114", "110106", "110115").subList(0, districts);

    Path work = Files.createTempDirectory("mingjian-pool-bench-");
    Path data = work.resolve("data");
    long t = System.nanoTime();
    DataGenerator.generate(scale, 42, data);
    System.out.printf("generate %s: %.1f s%n", scale, secs(t));
    ReferenceModels.Ref model = ReferenceModels.all().get(MODEL);

    try (PostgresCluster pg = PostgresCluster.start();
        Connection duck =
            DriverManager.getConnection("jdbc:duckdb:" + work.resolve("bench.duckdb"));
        Connection pgc = pg.newDatabase("bench").getConnection()) {
      System.out.printf("PostgreSQL %s, DuckDB file database, scale %s%n", pg.version(), scale);
      t = System.nanoTime();
      Map<String, Long> duckRows = DemoPools.loadDuckDb(duck, data);
      System.out.printf("load DuckDB (COPY FROM file): %.1f s%n", secs(t));
      t = System.nanoTime();
      Map<String, Long> pgRows = DemoPools.loadPostgres(pgc, data);
      System.out.printf("load PostgreSQL (COPY FROM STDIN + ANALYZE): %.1f s%n", secs(t));
      if (!duckRows.equals(pgRows)) {
        throw new IllegalStateException(
            "engines hold different rows: " + duckRows + " / " + pgRows);
      }
      System.out.printf(
          "rows: civil_judgments %,d, fund_withdrawals %,d, persons %,d%n",
          pgRows.get("civil_judgments"), pgRows.get("fund_withdrawals"), pgRows.get("persons"));

      List<String> report = new ArrayList<>();
      List<Integer> duckClues = measure("DuckDB", duck, model, codes, reps, report);
      List<Integer> pgClues = measure("PostgreSQL", pgc, model, codes, reps, report);
      t = System.nanoTime();
      try (Statement st = pgc.createStatement()) {
        for (DatasetSchema s : DemoDatasets.all()) {
          if (s.districtColumn() != null) {
            st.execute(
                "CREATE INDEX ON pool.\"" + s.name() + "\" (\"" + s.districtColumn() + "\")");
          }
        }
        st.execute("ANALYZE");
      }
      System.out.printf("PostgreSQL district indexes + ANALYZE: %.1f s%n", secs(t));
      List<Integer> pgIdxClues =
          measure("PostgreSQL + district indexes", pgc, model, codes, reps, report);
      if (!duckClues.equals(pgClues) || !duckClues.equals(pgIdxClues)) {
        throw new IllegalStateException(
            "clue counts differ: " + duckClues + " / " + pgClues + " / " + pgIdxClues);
      }
      System.out.println();
      System.out.println(
          "| engine | districts | clues per district | cold run (1st district) | warm run, median | warm run, max |");
      System.out.println("|---|---:|---|---:|---:|---:|");
      report.forEach(System.out::println);
    } finally {
      try (var all = Files.walk(work)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<Integer> measure(
      String engine,
      Connection c,
      ReferenceModels.Ref model,
      List<String> codes,
      int reps,
      List<String> report)
      throws Exception {
    List<Integer> clues = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    double cold = -1;
    for (String district : codes) {
      int n = -1;
      for (int r = 0; r < reps; r++) {
        long t = System.nanoTime();
        n = model.run(c, district).size();
        double ms = (System.nanoTime() - t) / 1e6;
        if (cold < 0) {
          cold = ms;
        } else if (r > 0) {
          warm.add(ms);
        }
        System.out.printf("  %s %s run %d: %d clues, %.0f ms%n", engine, district, r + 1, n, ms);
      }
      clues.add(n);
    }
    double[] w = warm.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = w.length == 0 ? Double.NaN : w[w.length / 2];
    double max = w.length == 0 ? Double.NaN : Arrays.stream(w).max().getAsDouble();
    report.add(
        String.format(
            "| %s | %d | %s | %.0f ms | %.0f ms | %.0f ms |",
            engine, codes.size(), clues, cold, median, max));
    return clues;
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
