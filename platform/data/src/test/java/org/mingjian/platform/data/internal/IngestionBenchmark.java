package org.mingjian.platform.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.LoadOptions;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.datagen.ResidentIds;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * Ingestion throughput: the platform's loader (every value converted and validated, resident IDs
 * checked, quality report computed, version committed) against DuckDB's own {@code read_csv} of the
 * same file with the same column types, alternating, in one JVM. Runs only with {@code
 * -Dmingjian.bench=true}; see docs/benchmarks.md for the command.
 */
@EnabledIfSystemProperty(named = "mingjian.bench", matches = "true")
class IngestionBenchmark {
  private static final int ROWS = Integer.getInteger("mingjian.bench.rows", 1_000_000);
  private static final int REPS = Integer.getInteger("mingjian.bench.reps", 3);

  private static final DatasetDefinition PAYMENTS =
      new DatasetDefinition(
          "relief_payments",
          "临时救助发放",
          "民政局",
          "district",
          "payment_no",
          List.of(
              new ColumnInfo("payment_no", "VARCHAR", Sensitivity.INTERNAL),
              new ColumnInfo("district", "VARCHAR", Sensitivity.PUBLIC),
              new ColumnInfo("payee_id", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("payee_name", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("amount", "DECIMAL(12,2)", Sensitivity.INTERNAL),
              new ColumnInfo("paid_on", "DATE", Sensitivity.INTERNAL),
              new ColumnInfo("months", "INTEGER", Sensitivity.INTERNAL)),
          "救助资金发放监督",
          LocalDate.of(2031, 12, 31));

  @TempDir Path dir;

  @Test
  void ingestionVersusReadCsv() throws Exception {
    Path csv = dir.resolve("payments.csv");
    generate(csv);
    System.out.printf(
        Locale.ROOT,
        "file: %,d rows, %.1f MB; load average at start: %s%n",
        ROWS,
        Files.size(csv) / 1e6,
        loadAverage());
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, dir.resolve("home"));
    DataPoolImpl pool = new DataPoolImpl(store, dir.resolve("pool"), "1GB", 0);
    pool.register(PAYMENTS);
    List<Double> platform = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    try (Connection duck =
        DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"))) {
      for (int rep = 0; rep <= REPS; rep++) {
        // the platform's loader; a changed first key makes each file a new version
        Path file = dir.resolve("payments-" + rep + ".csv");
        Files.writeString(
            file,
            Files.readString(csv, StandardCharsets.UTF_8)
                .replaceFirst("P0000000,", "R" + rep + "000000,"),
            StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("payments-" + (rep - 1) + ".csv"));
        long t0 = System.nanoTime();
        LoadResult r =
            pool.loadCsv(
                PAYMENTS.name(), file, StandardCharsets.UTF_8, LoadOptions.of("bench", "bench"));
        double p = (System.nanoTime() - t0) / 1e9;
        assertEquals(ROWS, r.rowsLoaded());
        // DuckDB alone: read_csv with the same types into a table
        long t1 = System.nanoTime();
        try (Statement st = duck.createStatement()) {
          st.execute("DROP TABLE IF EXISTS t");
          st.execute(
              "CREATE TABLE t AS SELECT * FROM read_csv('"
                  + file
                  + "', header = true, columns = {'payment_no': 'VARCHAR', 'district': 'VARCHAR',"
                  + " 'payee_id': 'VARCHAR', 'payee_name': 'VARCHAR', 'amount': 'DECIMAL(12,2)',"
                  + " 'paid_on': 'DATE', 'months': 'INTEGER'})");
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertEquals(ROWS, rs.getLong(1));
          }
        }
        double d = (System.nanoTime() - t1) / 1e9;
        String label = rep == 0 ? "warm-up" : "run " + rep;
        System.out.printf(
            Locale.ROOT,
            "%-8s platform %6.2f s (%,9.0f rows/s)   read_csv %5.2f s (%,10.0f rows/s)   ratio %.1f%n",
            label,
            p,
            ROWS / p,
            d,
            ROWS / d,
            p / d);
        if (rep > 0) {
          platform.add(p);
          raw.add(d);
        }
      }
    } finally {
      pool.close();
    }
    double pm = median(platform);
    double rm = median(raw);
    System.out.printf(
        Locale.ROOT,
        "median   platform %6.2f s (%,9.0f rows/s)   read_csv %5.2f s (%,10.0f rows/s)   ratio %.1f%n"
            + "load average at end: %s; cores: %d%n",
        pm,
        ROWS / pm,
        rm,
        ROWS / rm,
        pm / rm,
        loadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (Exception e) {
      return "?";
    }
  }

  /** Department-export-like rows: valid resident IDs, Chinese names, decimals, dates. */
  private static void generate(Path csv) throws Exception {
    Random random = new Random(42);
    String[] districts = {"110101", "110102", "110105", "110106", "110108"};
    String[] surnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
    String[] ids = new String[5000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] =
          ResidentIds.of(
              districts[i % districts.length],
              LocalDate.of(1940, 1, 1).plusDays(random.nextInt(25_000)),
              i % 500);
    }
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("payment_no,district,payee_id,payee_name,amount,paid_on,months\n");
      for (int i = 0; i < ROWS; i++) {
        w.write(String.format(Locale.ROOT, "P%07d", i));
        w.write(',');
        w.write(districts[i % districts.length]);
        w.write(',');
        w.write(ids[random.nextInt(ids.length)]);
        w.write(',');
        w.write(surnames[random.nextInt(surnames.length)] + "某" + (i % 97));
        w.write(',');
        w.write(Integer.toString(100 + random.nextInt(5000)));
        w.write('.');
        w.write(String.format(Locale.ROOT, "%02d", random.nextInt(100)));
        w.write(',');
        w.write(LocalDate.of(2024, 1, 1).plusDays(random.nextInt(700)).toString());
        w.write(',');
        w.write(Integer.toString(1 + random.nextInt(12)));
        w.write('\n');
      }
    }
  }
}
