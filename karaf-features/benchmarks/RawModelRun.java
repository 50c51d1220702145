/*
 * Raw DuckDB baseline for the model benchmark (see README.md in this folder).
 *
 * Loads the demo CSVs the platform generated into a fresh DuckDB file with the platform's column
 * types, then runs a model's SQL the way the platform's engine does: per run, on a duplicated
 * connection, CREATE OR REPLACE TEMPORARY VIEW <dataset> AS SELECT <declared columns> FROM <table>
 * WHERE <district column> = '<district>', then the model SQL with its :named parameters turned
 * into JDBC ? placeholders, reading every column of every row.
 *
 * The SQL is one or more statements: --sql may be given more than once, and a file may hold
 * several statements separated by ";" (outside string literals, quoted identifiers and comments).
 * Every statement runs once per run, in order, on the same views, and "rows" is the total over
 * all of them. A SQL model has one statement (its clues.sql); a Java model's candidate queries
 * (raw-sql/<model id>.sql in this folder) may be several.
 *
 * Single-file program (Java 11+ source launcher), no build needed:
 *
 *   java -cp duckdb_jdbc-2.0.0.1.jar:org.mingjian.sdk.runner-<version>.jar RawModelRun.java --spec spec.tsv --csv-dir <home>/demo \
 *        --sql clues.sql --district 110105 --db /tmp/raw.duckdb --runs 5 \
 *        --param withinDays:INTEGER=90 --param minCases:INTEGER=3
 *
 * A parameter is bound as the platform binds it when its type is given (name:TYPE=value; INTEGER
 * as a Long, DECIMAL as a BigDecimal, DATE as a LocalDate, BOOLEAN, STRING); without a type a
 * whole number is bound as an Integer and anything else as a String.
 *
 * The spec file (tab-separated, written by run-model-benchmark.sh from the platform's dataset
 * catalog and the model descriptor) has three kinds of lines:
 *
 *   dataset <name> <csv file> <district column or -> <expected rows or -> [<version>]
 *   column  <dataset> <column> <type>
 *   view    <dataset> <col1,col2,...>
 *
 * With --csv-dir and --db but no --sql, it only loads the file and ends.
 *
 * With --pool FILE instead of --csv-dir, nothing is loaded: the query runs on a copy of the
 * platform's own data pool file (opened read-only), which separates the platform's overhead from
 * any difference in how the data was loaded.
 *
 * Each run also reports the CPU time of this JVM (DuckDB's native worker threads included), which
 * suffers less than wall time when other processes compete for the cores.
 *
 * With --stdin, after the warm-up it prints "RAW ready" and then does one measured run for each
 * line read from standard input, until "quit" or the end of input (instead of --runs runs): this
 * lets PlatformModelRun.java alternate platform and raw runs.
 *
 * Prints one "RAW ..." line per measured run and a final "SUMMARY raw ..." line. Exit code 0 on
 * success, 1 on any error (bad input, load row count mismatch, SQL error).
 */

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.mingjian.sdk.runner.NamedParameters;

public class RawModelRun {

  private static final Pattern DISTRICT = Pattern.compile("\\d{6}");

  /** A dataset of the spec. */
  static final class Dataset {
    final String name;
    final String csv;
    final String districtColumn;
    final long expectedRows;
    final int version;
    final Map<String, String> columns = new LinkedHashMap<>();
    List<String> viewColumns;

    Dataset(String name, String csv, String districtColumn, long expectedRows, int version) {
      this.name = name;
      this.csv = csv;
      this.districtColumn = districtColumn;
      this.expectedRows = expectedRows;
      this.version = version;
    }

    /** The platform's physical table name, pool."name__vN". */
    String table() {
      return "pool." + quote(name + "__v" + version);
    }
  }

  public static void main(String[] args) {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("RawModelRun: " + e.getMessage());
      System.err.println(
          "usage: java -cp <duckdb_jdbc.jar> RawModelRun.java --spec FILE --sql FILE [--sql FILE]..."
              + " --district CODE (--csv-dir DIR --db FILE | --pool FILE) [--runs N] [--warmup N]"
              + " [--param name[:TYPE]=value]... [--memory-limit 2GB] [--threads N] [--stdin]\n"
              + "       java -cp <duckdb_jdbc.jar> RawModelRun.java --spec FILE --csv-dir DIR --db FILE   (load only)");
      System.exit(1);
    } catch (Exception e) {
      System.err.println("RawModelRun FAILED: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  static void run(String[] args) throws Exception {
    Path spec = null;
    Path csvDir = null;
    Path pool = null;
    List<Path> sqlFiles = new ArrayList<>();
    Path db = null;
    String district = null;
    int runs = 5;
    int warmup = 1;
    String memoryLimit = "2GB";
    int threads = 0;
    boolean stdin = false;
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--stdin")) {
        stdin = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--spec" -> spec = Path.of(v);
        case "--csv-dir" -> csvDir = Path.of(v);
        case "--pool" -> pool = Path.of(v);
        case "--sql" -> sqlFiles.add(Path.of(v));
        case "--db" -> db = Path.of(v);
        case "--district" -> district = v;
        case "--runs" -> runs = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--memory-limit" -> memoryLimit = v;
        case "--threads" -> threads = Integer.parseInt(v);
        case "--param" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--param wants name=value or name:TYPE=value, got " + v);
          }
          String name = v.substring(0, eq);
          String value = v.substring(eq + 1);
          int colon = name.indexOf(':');
          if (colon >= 0) {
            params.put(name.substring(0, colon), typed(name.substring(colon + 1), value));
          } else {
            params.put(name, value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value);
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (pool == null ? csvDir == null || db == null : csvDir != null || db != null) {
      throw new IllegalArgumentException("give either --csv-dir with --db, or --pool");
    }
    boolean loadOnly = sqlFiles.isEmpty() && pool == null;
    if (spec == null || !loadOnly && (sqlFiles.isEmpty() || district == null)) {
      throw new IllegalArgumentException("--spec, --sql and --district are required (only --spec to load)");
    }
    if (district != null && !DISTRICT.matcher(district).matches()) {
      throw new IllegalArgumentException("district must be 6 digits: " + district);
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    List<Dataset> datasets = readSpec(spec);

    // Each statement's text exactly as the platform prepares it, with its bound parameters.
    List<Query> queries = new ArrayList<>();
    for (Path sqlFile : sqlFiles) {
      for (String sqlText : splitStatements(Files.readString(sqlFile, StandardCharsets.UTF_8))) {
        NamedParameters parsed = NamedParameters.parse(sqlText);
        String sql = parsed.sql();
        List<Object> binds = new ArrayList<>();
        for (String n : parsed.names()) {
          if (!params.containsKey(n)) {
            throw new IllegalArgumentException("the SQL uses :" + n + " but no --param " + n + "=... was given");
          }
          binds.add(params.get(n));
        }
        queries.add(new Query(sql, binds));
        System.out.println("RAW statement " + queries.size() + " of " + sqlFile.getFileName()
            + ": parameters " + parsed.names() + " bound to " + describe(binds));
      }
    }
    if (!loadOnly && queries.isEmpty()) {
      throw new IllegalArgumentException("no SQL statement in " + sqlFiles);
    }

    Properties props = new Properties();
    props.setProperty("memory_limit", memoryLimit);
    if (threads > 0) {
      props.setProperty("threads", Integer.toString(threads));
    }
    String url;
    if (pool != null) {
      if (!Files.isReadable(pool)) {
        throw new IllegalArgumentException("cannot read " + pool);
      }
      props.setProperty("duckdb.read_only", "true");
      props.setProperty("enable_external_access", "false");
      url = "jdbc:duckdb:" + pool.toAbsolutePath();
    } else {
      Files.deleteIfExists(db);
      Files.deleteIfExists(Path.of(db + ".wal"));
      Files.createDirectories(db.toAbsolutePath().getParent());
      props.setProperty("temp_directory", db.toAbsolutePath().getParent().resolve("raw-spill").toString());
      url = "jdbc:duckdb:" + db.toAbsolutePath();
    }
    try (Connection engine = DriverManager.getConnection(url, props)) {
      try (Statement st = engine.createStatement();
          ResultSet rs = st.executeQuery("SELECT version(), current_setting('threads'), current_setting('memory_limit')")) {
        rs.next();
        System.out.println(
            "RAW duckdb " + rs.getString(1) + " threads=" + rs.getString(2) + " memory_limit=" + rs.getString(3)
                + (pool != null ? " pool=" + pool : " db=" + db));
      }
      if (pool != null) {
        checkRows(engine, datasets);
      } else {
        load(engine, datasets, csvDir);
        if (loadOnly) {
          System.out.println("RAW loaded " + datasets.size() + " datasets into " + db + "; no --sql, nothing run");
          return;
        }
        try (Statement st = engine.createStatement()) {
          // The platform's pool runs with external access off; match it for the measured part.
          st.execute("SET enable_external_access = false");
        } catch (SQLException e) {
          System.out.println("RAW note: could not disable external access: " + firstLine(e.getMessage()));
        }
      }

      long[] perQuery = new long[queries.size()];
      for (int w = 0; w < warmup; w++) {
        double[] t = once(engine, datasets, district, queries, perQuery);
        System.out.printf(Locale.ROOT, "RAW warmup views_ms=%.1f query_ms=%.1f total_ms=%.1f rows=%d%s%n",
            t[0], t[1], t[0] + t[1], (long) t[2], rowsPerQuery(perQuery));
      }
      List<Double> totals = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      long rows = -1;
      java.io.BufferedReader commands = stdin
          ? new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8))
          : null;
      if (stdin) {
        System.out.println("RAW ready");
        System.out.flush();
      }
      for (int r = 0; stdin || r < runs; r++) {
        if (stdin) {
          String line = commands.readLine();
          if (line == null || line.strip().equals("quit")) {
            break;
          }
        }
        double[] t = once(engine, datasets, district, queries, perQuery);
        totals.add(t[0] + t[1]);
        cpu.add(t[3]);
        System.out.printf(Locale.ROOT, "RAW run %d views_ms=%.1f query_ms=%.1f total_ms=%.1f cpu_ms=%d rows=%d%s%n",
            r + 1, t[0], t[1], t[0] + t[1], (long) t[3], (long) t[2], rowsPerQuery(perQuery));
        System.out.flush();
        if (rows >= 0 && rows != (long) t[2]) {
          throw new IllegalStateException("row count changed between runs: " + rows + " vs " + (long) t[2]);
        }
        rows = (long) t[2];
      }
      if (totals.isEmpty()) {
        throw new IllegalStateException("no measured run");
      }
      double[] sorted = totals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] cpuSorted = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(Locale.ROOT,
          "SUMMARY raw median_ms=%.1f best_ms=%.1f cpu_median_ms=%.1f cpu_best_ms=%.1f rows=%d runs=%d statements=%d%s%n",
          median(sorted), sorted[0], median(cpuSorted), cpuSorted[0], rows, sorted.length, queries.size(),
          rowsPerQuery(perQuery));
    }
  }

  /** A statement with its JDBC placeholders and the values bound to them. */
  record Query(String sql, List<Object> binds) {}

  /** " rows_per_statement=a+b" when there are several statements, else "". */
  static String rowsPerQuery(long[] perQuery) {
    if (perQuery.length < 2) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" rows_per_statement=");
    for (int i = 0; i < perQuery.length; i++) {
      sb.append(i == 0 ? "" : "+").append(perQuery[i]);
    }
    return sb.toString();
  }

  /** A parameter value as the platform's ParameterBinder types it. */
  static Object typed(String type, String value) {
    String v = value.trim();
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "INTEGER" -> Long.valueOf(v);
      case "DECIMAL" -> new BigDecimal(v);
      case "DATE" -> LocalDate.parse(v);
      case "BOOLEAN" -> {
        if (!v.equals("true") && !v.equals("false")) {
          throw new IllegalArgumentException("BOOLEAN parameter must be true or false: " + value);
        }
        yield Boolean.valueOf(v);
      }
      case "STRING" -> value;
      default -> throw new IllegalArgumentException("unknown parameter type " + type);
    };
  }

  static String describe(List<Object> binds) {
    List<String> out = new ArrayList<>();
    for (Object b : binds) {
      out.add(b + " (" + b.getClass().getSimpleName() + ")");
    }
    return out.toString();
  }

  /**
   * One measured execution: returns {views ms, statements+read ms, rows of all statements, cpu ms};
   * fills perQuery with the rows of each statement.
   */
  static double[] once(Connection engine, List<Dataset> datasets, String district, List<Query> queries,
      long[] perQuery) throws SQLException {
    // like DataPool.openRunConnection(): a duplicate of the engine connection, private temp views
    try (Connection c = ((org.duckdb.DuckDBConnection) engine).duplicate()) {
      long cpu0 = cpuMs();
      long t0 = System.nanoTime();
      try (Statement st = c.createStatement()) {
        for (Dataset d : datasets) {
          if (d.viewColumns == null) {
            continue;
          }
          StringBuilder v = new StringBuilder("CREATE OR REPLACE TEMPORARY VIEW ")
              .append(quote(d.name)).append(" AS SELECT ");
          for (int i = 0; i < d.viewColumns.size(); i++) {
            v.append(i == 0 ? "" : ", ").append(quote(d.viewColumns.get(i)));
          }
          v.append(" FROM ").append(d.table());
          if (d.districtColumn != null) {
            v.append(" WHERE ").append(quote(d.districtColumn)).append(" = '").append(district).append('\'');
          }
          st.execute(v.toString());
        }
      }
      long t1 = System.nanoTime();
      long rows = 0;
      for (int q = 0; q < queries.size(); q++) {
        long queryRows = 0;
        try (PreparedStatement ps = c.prepareStatement(queries.get(q).sql())) {
          int i = 1;
          for (Object b : queries.get(q).binds()) {
            ps.setObject(i++, b);
          }
          try (ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            long sink = 0;
            while (rs.next()) {
              for (int col = 1; col <= n; col++) {
                Object o = rs.getObject(col);
                if (o != null) {
                  sink += o.hashCode();
                }
              }
              queryRows++;
            }
            if (sink == 42) {
              System.out.print("");
            }
          }
        }
        perQuery[q] = queryRows;
        rows += queryRows;
      }
      long t2 = System.nanoTime();
      long cpu1 = cpuMs();
      return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, rows, cpu0 < 0 ? -1 : cpu1 - cpu0};
    }
  }

  /** CPU time (user + system) of this JVM, DuckDB's native threads included, in ms; -1 if unknown. */
  static long cpuMs() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      long ns = sun.getProcessCpuTime();
      return ns < 0 ? -1 : ns / 1_000_000;
    }
    return -1;
  }

  static void load(Connection engine, List<Dataset> datasets, Path csvDir) throws SQLException, IOException {
    try (Statement st = engine.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS pool");
      for (Dataset d : datasets) {
        Path csv = csvDir.resolve(d.csv).toAbsolutePath();
        if (!Files.isReadable(csv)) {
          throw new IllegalArgumentException("cannot read " + csv);
        }
        List<String> header;
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
          String line = r.readLine();
          if (line == null) {
            throw new IllegalArgumentException(csv + " is empty");
          }
          header = new ArrayList<>();
          for (String h : line.split(",", -1)) {
            header.add(h.replace("\uFEFF", "").replace("\"", "").trim().toLowerCase(Locale.ROOT));
          }
        }
        if (!new java.util.HashSet<>(header).equals(d.columns.keySet())) {
          throw new IllegalArgumentException(
              csv + ": header " + header + " does not match the dataset's columns " + d.columns.keySet());
        }
        long t0 = System.nanoTime();
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(d.table()).append(" (");
        int i = 0;
        for (Map.Entry<String, String> c : d.columns.entrySet()) {
          ddl.append(i++ == 0 ? "" : ", ").append(quote(c.getKey())).append(' ').append(c.getValue());
        }
        st.execute(ddl.append(')').toString());
        // read_csv with the file's own column order and the catalog's types; empty fields are NULL,
        // as in the platform's loader
        StringBuilder cols = new StringBuilder("{");
        StringBuilder names = new StringBuilder();
        for (int k = 0; k < header.size(); k++) {
          String h = header.get(k);
          cols.append(k == 0 ? "" : ", ").append('\'').append(h).append("': '").append(d.columns.get(h)).append('\'');
          names.append(k == 0 ? "" : ", ").append(quote(h));
        }
        cols.append('}');
        String insert = "INSERT INTO " + d.table() + " (" + names + ") SELECT * FROM read_csv('"
            + csv.toString().replace("'", "''") + "', header = true, auto_detect = false, delim = ',',"
            + " quote = '\"', escape = '\"', columns = " + cols + ")";
        long loaded = st.executeUpdate(insert);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "RAW loaded %s: %d rows in %d ms%n", d.name, loaded, ms);
        if (d.expectedRows >= 0 && loaded != d.expectedRows) {
          throw new IllegalStateException(
              d.name + ": loaded " + loaded + " rows but the platform loaded " + d.expectedRows);
        }
      }
      st.execute("CHECKPOINT");
    }
  }

  static void checkRows(Connection engine, List<Dataset> datasets) throws SQLException {
    try (Statement st = engine.createStatement()) {
      for (Dataset d : datasets) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + d.table())) {
          rs.next();
          long n = rs.getLong(1);
          System.out.printf(Locale.ROOT, "RAW pool table %s: %d rows%n", d.table(), n);
          if (d.expectedRows >= 0 && n != d.expectedRows) {
            throw new IllegalStateException(d.table() + " has " + n + " rows, the catalog says " + d.expectedRows);
          }
        }
      }
    }
  }

  static List<Dataset> readSpec(Path spec) throws IOException {
    Map<String, Dataset> byName = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(spec, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "dataset" -> {
          need(f, 5, lineNo);
          int version = f.length > 5 && !f[5].equals("-") && !f[5].isEmpty() ? Integer.parseInt(f[5]) : 1;
          byName.put(f[1], new Dataset(f[1], f[2], f[3].equals("-") || f[3].isEmpty() ? null : f[3],
              f[4].equals("-") || f[4].isEmpty() ? -1 : Long.parseLong(f[4]), version));
        }
        case "column" -> {
          need(f, 4, lineNo);
          dataset(byName, f[1], lineNo).columns.put(f[2].toLowerCase(Locale.ROOT), f[3]);
        }
        case "view" -> {
          need(f, 3, lineNo);
          dataset(byName, f[1], lineNo).viewColumns = List.of(f[2].split(","));
        }
        default -> throw new IllegalArgumentException("spec line " + lineNo + ": unknown kind " + f[0]);
      }
    }
    for (Dataset d : byName.values()) {
      if (d.columns.isEmpty()) {
        throw new IllegalArgumentException("spec: dataset " + d.name + " has no columns");
      }
      if (d.viewColumns != null && !d.columns.keySet().containsAll(d.viewColumns)) {
        throw new IllegalArgumentException("spec: view of " + d.name + " names unknown columns " + d.viewColumns);
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static void need(String[] f, int n, int lineNo) {
    if (f.length < n) {
      throw new IllegalArgumentException("spec line " + lineNo + ": expected " + n + " fields");
    }
  }

  private static Dataset dataset(Map<String, Dataset> byName, String name, int lineNo) {
    Dataset d = byName.get(name);
    if (d == null) {
      throw new IllegalArgumentException("spec line " + lineNo + ": dataset " + name + " not declared first");
    }
    return d;
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * The statements of a SQL text: split at each ";" outside string literals, quoted identifiers and
   * comments; a piece with nothing but comments and white space is dropped. One statement with or
   * without a trailing ";" gives the same text as the platform's stripTrailingSemicolon.
   */
  static List<String> splitStatements(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = sql.length();
    while (i <= n) {
      if (i == n || sql.charAt(i) == ';') {
        String piece = sql.substring(start, i).strip();
        if (!isOnlyComments(piece)) {
          out.add(piece);
        }
        start = i + 1;
        i++;
        continue;
      }
      i = skipToken(sql, i);
    }
    return out;
  }

  /** The index after the literal, quoted identifier or comment at i, or i + 1. */
  static int skipToken(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '\'' || c == '"') {
      int end = i + 1;
      while (end < n) {
        if (sql.charAt(end) == c) {
          if (end + 1 < n && sql.charAt(end + 1) == c) {
            end += 2;
            continue;
          }
          break;
        }
        end++;
      }
      return Math.min(end + 1, n);
    }
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
      int end = sql.indexOf('\n', i);
      return end < 0 ? n : end;
    }
    if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
      int end = sql.indexOf("*/", i + 2);
      return end < 0 ? n : end + 2;
    }
    return i + 1;
  }

  static boolean isOnlyComments(String piece) {
    int i = 0;
    int n = piece.length();
    while (i < n) {
      char c = piece.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && piece.charAt(i + 1) == '-'
          || c == '/' && i + 1 < n && piece.charAt(i + 1) == '*') {
        i = skipToken(piece, i);
      } else {
        return false;
      }
    }
    return true;
  }
}
