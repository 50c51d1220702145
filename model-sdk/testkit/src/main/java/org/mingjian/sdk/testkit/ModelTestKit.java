package org.mingjian.sdk.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.Parameters;
import org.mingjian.sdk.runner.DescriptorException;
import org.mingjian.sdk.runner.DescriptorReader;
import org.mingjian.sdk.runner.InvalidParametersException;
import org.mingjian.sdk.runner.ModelExecution;
import org.mingjian.sdk.runner.ParameterBinder;
import org.mingjian.sdk.runner.PhysicalDataset;
import org.mingjian.sdk.runner.RunListener;

/**
 * Runs a model on fixture data in an in-memory DuckDB, exactly as the platform would: same
 * descriptor checks, same per-run views (district filter, declared columns only), same SQL guard.
 *
 * <pre>{@code
 * ModelTestKit kit = ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
 *     .dataset("persons", Path.of("src/test/resources/persons.csv"))
 *     .cityWide("death_records", Path.of("src/test/resources/deaths.csv"));
 * TestRun run = kit.run("110105", Map.of("withinDays", 90));
 * assertEquals(Set.of("(2022)京0105民初1号"), run.evidenceKeys("civil_judgments"));
 * }</pre>
 *
 * <p>CSV files need a header line. Column types are detected from the data, except that columns
 * named {@code district} or ending in {@code _id}, {@code _no} or {@code _code} are always text (ID
 * numbers must not turn into numbers); {@link #dataset(String, Path, Map)} sets types explicitly. A
 * dataset is filtered by its {@code district} column unless declared city-wide.
 */
public final class ModelTestKit implements AutoCloseable {
  private final ModelDescriptor descriptor;
  private final Class<?> resourceBase;
  private final String descriptorPath;
  private final Map<String, Fixture> fixtures = new LinkedHashMap<>();

  /** The fixtures, loaded once and shared by the runs (each run has its own connection). */
  private Connection loaded;

  private Map<String, PhysicalDataset> loadedTables;
  private Model model;
  private int maxClues = 100_000;

  private record Fixture(
      Path csv,
      List<String> header,
      List<List<Object>> rows,
      Map<String, String> types,
      String districtColumn) {}

  private ModelTestKit(ModelDescriptor descriptor, Class<?> resourceBase, String descriptorPath) {
    this.descriptor = descriptor;
    this.resourceBase = resourceBase;
    this.descriptorPath = descriptorPath;
  }

  /**
   * @param resource the descriptor on the test class path, e.g. {@code
   *     META-INF/mingjian/model.json}
   * @return a kit for that model
   * @throws IllegalArgumentException when the descriptor is missing or invalid (with every problem)
   */
  public static ModelTestKit fromClasspath(String resource) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    try (InputStream in = cl.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("descriptor not found on the class path: " + resource);
      }
      return new ModelTestKit(DescriptorReader.read(in), null, resource);
    } catch (DescriptorException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @param descriptorFile a {@code model.json} file
   * @return a kit for that model
   */
  public static ModelTestKit fromFile(Path descriptorFile) {
    try (InputStream in = Files.newInputStream(descriptorFile)) {
      ModelTestKit kit =
          new ModelTestKit(DescriptorReader.read(in), null, descriptorFile.toString());
      return kit;
    } catch (DescriptorException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @return the descriptor under test
   */
  public ModelDescriptor descriptor() {
    return descriptor;
  }

  /**
   * @param javaModel the implementation of a JAVA model
   * @return this kit
   */
  public ModelTestKit model(Model javaModel) {
    this.model = javaModel;
    return this;
  }

  /**
   * @param max the most clues a run may emit (the platform's default is 100 000)
   * @return this kit
   */
  public ModelTestKit maxClues(int max) {
    this.maxClues = max;
    return this;
  }

  /**
   * A district dataset from a CSV file, filtered by its {@code district} column.
   *
   * @param name the logical dataset name
   * @param csv the file, UTF-8 with a header line
   * @return this kit
   */
  public ModelTestKit dataset(String name, Path csv) {
    return dataset(name, csv, Map.of());
  }

  /**
   * A district dataset from a CSV file with explicit column types.
   *
   * @param name the logical dataset name
   * @param csv the file, UTF-8 with a header line
   * @param types SQL types by column, e.g. {@code Map.of("amount", "DECIMAL(14,2)")}
   * @return this kit
   */
  public ModelTestKit dataset(String name, Path csv, Map<String, String> types) {
    invalidate();
    fixtures.put(name, new Fixture(csv, null, null, types, "district"));
    return this;
  }

  /**
   * A city-wide dataset from a CSV file: every district's run sees all of it.
   *
   * @param name the logical dataset name
   * @param csv the file, UTF-8 with a header line
   * @return this kit
   */
  public ModelTestKit cityWide(String name, Path csv) {
    invalidate();
    fixtures.put(name, new Fixture(csv, null, null, Map.of(), null));
    return this;
  }

  /**
   * An inline dataset. Values are Java objects (String, Number, LocalDate, Boolean, null).
   *
   * @param name the logical dataset name
   * @param columns the header
   * @param rows the rows, each as long as the header
   * @return this kit
   */
  public ModelTestKit inline(String name, List<String> columns, List<List<Object>> rows) {
    invalidate();
    fixtures.put(
        name,
        new Fixture(
            null,
            List.copyOf(columns),
            rows,
            Map.of(),
            columns.contains("district") ? "district" : null));
    return this;
  }

  /**
   * Runs the model with default parameters.
   *
   * @param district the 6-digit district the run is for
   * @return the outcome
   */
  public TestRun run(String district) {
    return run(district, Map.of());
  }

  /**
   * Runs the model.
   *
   * @param district the 6-digit district the run is for
   * @param parameters parameters as a caller would send them
   * @return the outcome: clues, or the failure the platform would report
   * @throws IllegalArgumentException when the parameters do not fit the descriptor
   */
  public TestRun run(String district, Map<String, ?> parameters) {
    Parameters bound;
    try {
      bound = ParameterBinder.bind(descriptor, parameters);
    } catch (InvalidParametersException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (descriptor.kind() != ModelKind.SQL && model == null) {
      throw new IllegalStateException("a JAVA model needs model(new MyModel()) before run()");
    }
    List<Clue> clues = new ArrayList<>();
    List<String> log = new ArrayList<>();
    try (Connection c = runConnection()) {
      Map<String, PhysicalDataset> tables = loadedTables;
      ModelExecution exec =
          ModelExecution.builder()
              .connection(c)
              .descriptor(descriptor)
              .resolver(n -> Optional.ofNullable(tables.get(n)))
              .district(district)
              .parameters(bound)
              .maxClues(maxClues)
              .listener(
                  new RunListener() {
                    @Override
                    public void clue(Clue clue) {
                      clues.add(clue);
                    }

                    @Override
                    public void log(String level, String message) {
                      log.add(level + " " + message);
                    }
                  })
              .build();
      if (descriptor.kind() == ModelKind.SQL) {
        exec.runSql(readSql());
      } else {
        exec.run(model);
      }
      return new TestRun(clues, log, null);
    } catch (Exception e) {
      return new TestRun(clues, log, e);
    }
  }

  /**
   * A connection of the run's own on the loaded fixtures: the fixtures are loaded at the first run
   * (and again after a fixture changes), then the engine's external access is switched off, as in
   * the platform.
   */
  private synchronized Connection runConnection() throws SQLException {
    if (loaded == null) {
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      try {
        loadedTables = load(c);
        try (Statement st = c.createStatement()) {
          // as in the platform, a model can read nothing outside the data pool
          st.execute("SET enable_external_access = false");
        }
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
      loaded = c;
    }
    return ((org.duckdb.DuckDBConnection) loaded).duplicate();
  }

  private synchronized void invalidate() {
    if (loaded != null) {
      try {
        loaded.close();
      } catch (SQLException e) {
        // an in-memory database: nothing to lose
      }
      loaded = null;
    }
  }

  /** Releases the fixtures' in-memory database; the kit loads them again if it runs once more. */
  @Override
  public void close() {
    invalidate();
  }

  private String readSql() throws IOException {
    String file = descriptor.sql().file();
    String base =
        descriptorPath.contains("/")
            ? descriptorPath.substring(0, descriptorPath.lastIndexOf('/') + 1)
            : "";
    Path asFile = Path.of(base + file);
    if (Files.isRegularFile(asFile)) {
      return Files.readString(asFile, StandardCharsets.UTF_8);
    }
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    try (InputStream in = cl.getResourceAsStream(base + file)) {
      if (in == null) {
        throw new IOException("SQL file " + base + file + " not found next to the descriptor");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Map<String, PhysicalDataset> load(Connection c) throws SQLException {
    Map<String, PhysicalDataset> tables = new HashMap<>();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA fixtures");
    }
    for (Map.Entry<String, Fixture> e : fixtures.entrySet()) {
      String table = "fixtures." + quote(e.getKey());
      Fixture f = e.getValue();
      if (f.csv() != null) {
        loadCsv(c, table, f);
      } else {
        loadInline(c, table, f);
      }
      tables.put(e.getKey(), new PhysicalDataset(table, f.districtColumn()));
    }
    return tables;
  }

  private static void loadCsv(Connection c, String table, Fixture f) throws SQLException {
    List<String> header;
    try {
      String first;
      try (var reader = Files.newBufferedReader(f.csv(), StandardCharsets.UTF_8)) {
        first = reader.readLine();
      }
      if (first == null) {
        throw new IllegalArgumentException("CSV file is empty: " + f.csv());
      }
      header = List.of(first.replace("\uFEFF", "").split(","));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder types = new StringBuilder();
    for (String col : header) {
      String name = col.trim().replace("\"", "");
      String type = f.types().get(name);
      if (type == null && textByName(name)) {
        type = "VARCHAR";
      }
      if (type != null) {
        types
            .append(types.length() == 0 ? "" : ", ")
            .append(literal(name))
            .append(": ")
            .append(literal(type));
      }
    }
    String sql =
        "CREATE TABLE "
            + table
            + " AS SELECT * FROM read_csv(?, header = true"
            + (types.length() > 0 ? ", types = {" + types + "}" : "")
            + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, f.csv().toAbsolutePath().toString());
      ps.execute();
    }
  }

  private static boolean textByName(String column) {
    String n = column.toLowerCase(Locale.ROOT);
    return n.equals("district") || n.endsWith("_id") || n.endsWith("_no") || n.endsWith("_code");
  }

  private static void loadInline(Connection c, String table, Fixture f) throws SQLException {
    if (f.rows().isEmpty()) {
      throw new IllegalArgumentException(
          "inline dataset " + table + " needs at least one row to infer its types");
    }
    StringBuilder sql =
        new StringBuilder("CREATE TABLE ").append(table).append(" AS SELECT * FROM (VALUES ");
    List<Object> args = new ArrayList<>();
    for (int r = 0; r < f.rows().size(); r++) {
      List<Object> row = f.rows().get(r);
      if (row.size() != f.header().size()) {
        throw new IllegalArgumentException(
            "inline row "
                + r
                + " has "
                + row.size()
                + " values for "
                + f.header().size()
                + " columns");
      }
      sql.append(r == 0 ? "(" : ", (");
      for (int i = 0; i < row.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        args.add(row.get(i));
      }
      sql.append(')');
    }
    sql.append(") AS t(");
    for (int i = 0; i < f.header().size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(f.header().get(i)));
    }
    sql.append(')');
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        ps.setObject(i + 1, a instanceof java.time.LocalDate d ? java.sql.Date.valueOf(d) : a);
      }
      ps.execute();
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
