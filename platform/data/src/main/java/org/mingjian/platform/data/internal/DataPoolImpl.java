package org.mingjian.platform.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.RunData;
import org.mingjian.platform.datagen.ResidentIds;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.runner.PhysicalDataset;
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
 * The embedded data pool: one DuckDB file under the Mingjian home, opened with external access
 * disabled so model SQL can read nothing but the pool. Each load creates a new table {@code
 * pool."name__vN"}; the catalog (which version is current) lives in the state store.
 */
@Component(service = DataPool.class, configurationPid = "org.mingjian.data")
@Designate(ocd = DataPoolImpl.Config.class)
public final class DataPoolImpl implements DataPool {

  /** Data pool settings. */
  @ObjectClassDefinition(name = "Mingjian data pool")
  public @interface Config {
    /**
     * @return the engine's memory limit
     */
    @AttributeDefinition(description = "DuckDB memory_limit, e.g. 2GB")
    String memoryLimit() default "2GB";

    /**
     * @return the engine's worker threads
     */
    @AttributeDefinition(description = "DuckDB worker threads; 0 for one per core")
    int threads() default 0;
  }

  private static final Logger LOG = LoggerFactory.getLogger(DataPoolImpl.class);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern TYPE =
      Pattern.compile("VARCHAR|INTEGER|BIGINT|DATE|BOOLEAN|DOUBLE|DECIMAL\\(\\d{1,2},\\d{1,2}\\)");
  private static final int MAX_ERRORS = 20;

  private final StateStore store;
  private final DuckDBConnection engine;

  @Activate
  public DataPoolImpl(@Reference StateStore store, Config config) throws SQLException, IOException {
    this(store, store.home().resolve("pool"), config.memoryLimit(), config.threads());
  }

  /**
   * @param store the state store holding the catalog
   * @param directory where the DuckDB file lives
   * @param memoryLimit DuckDB memory_limit
   * @param threads DuckDB threads, 0 for the default
   * @throws SQLException when the engine cannot open
   * @throws IOException when the directory cannot be created
   */
  public DataPoolImpl(StateStore store, Path directory, String memoryLimit, int threads)
      throws SQLException, IOException {
    this.store = store;
    Files.createDirectories(directory);
    Properties props = new Properties();
    props.setProperty("enable_external_access", "false");
    props.setProperty("memory_limit", memoryLimit);
    props.setProperty("temp_directory", directory.resolve("spill").toString());
    if (threads > 0) {
      props.setProperty("threads", Integer.toString(threads));
    }
    String url = "jdbc:duckdb:" + directory.resolve("datapool.duckdb");
    this.engine = (DuckDBConnection) new DuckDBDriver().connect(url, props);
    try (Statement st = engine.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS pool");
    }
    LOG.info("Data pool open at {}", directory);
  }

  @Deactivate
  void close() throws SQLException {
    engine.close();
  }

  @Override
  public List<DatasetInfo> datasets() {
    return store.inTransaction(
        c -> {
          List<DatasetInfo> out = new ArrayList<>();
          List<String> names = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT name FROM datasets ORDER BY name");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          for (String n : names) {
            read(c, n).ifPresent(out::add);
          }
          return out;
        });
  }

  @Override
  public Optional<DatasetInfo> dataset(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return store.inTransaction(c -> read(c, name));
  }

  private static Optional<DatasetInfo> read(Connection c, String name) throws SQLException {
    String description;
    String owner;
    String districtColumn;
    String keyColumn;
    Integer current;
    String purpose;
    LocalDate retentionUntil;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT description, owner, district_column, key_column, current_version, purpose, retention_until"
                + " FROM datasets WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        description = rs.getString(1);
        owner = rs.getString(2);
        districtColumn = rs.getString(3);
        keyColumn = rs.getString(4);
        int v = rs.getInt(5);
        current = rs.wasNull() ? null : v;
        purpose = rs.getString(6);
        java.sql.Date retention = rs.getDate(7);
        retentionUntil = retention == null ? null : retention.toLocalDate();
      }
    }
    List<ColumnInfo> columns = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, type, sensitivity FROM dataset_columns WHERE dataset = ? ORDER BY position")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(
              new ColumnInfo(
                  rs.getString(1), rs.getString(2), Sensitivity.valueOf(rs.getString(3))));
        }
      }
    }
    long rows = 0;
    Instant loadedAt = null;
    if (current != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT rows_loaded, loaded_at FROM dataset_versions WHERE dataset = ? AND version = ?")) {
        Jdbc.bind(ps, name, current);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            rows = rs.getLong(1);
            loadedAt = Jdbc.instant(rs, "loaded_at");
          }
        }
      }
    }
    DatasetDefinition def =
        new DatasetDefinition(
            name, description, owner, districtColumn, keyColumn, columns, purpose, retentionUntil);
    return Optional.of(new DatasetInfo(def, current, rows, loadedAt));
  }

  @Override
  public void register(DatasetDefinition def) {
    validate(def);
    store.inTransaction(
        c -> {
          Optional<DatasetInfo> existing = read(c, def.name());
          if (existing.isPresent()) {
            if (!existing.get().definition().equals(def)) {
              throw new IllegalStateException(
                  "dataset '" + def.name() + "' is already registered with another schema");
            }
            return null;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO datasets (name, description, owner, district_column, key_column, current_version, created_at,"
                      + " purpose, retention_until) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
            Jdbc.bind(
                    ps,
                    def.name(),
                    def.description(),
                    def.owner(),
                    def.districtColumn(),
                    def.keyColumn(),
                    Instant.now(),
                    def.purpose(),
                    def.retentionUntil() == null
                        ? null
                        : java.sql.Date.valueOf(def.retentionUntil()))
                .executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO dataset_columns (dataset, position, name, type, sensitivity) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < def.columns().size(); i++) {
              ColumnInfo col = def.columns().get(i);
              Jdbc.bind(ps, def.name(), i, col.name(), col.type(), col.sensitivity().name());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  private static void validate(DatasetDefinition def) {
    if (def.name() == null || !NAME.matcher(def.name()).matches()) {
      throw new IllegalArgumentException("dataset name must be a lower-case identifier");
    }
    if (def.description() != null && def.description().length() > 1000) {
      throw new IllegalArgumentException("the description is longer than 1000 characters");
    }
    if (def.purpose() != null && def.purpose().length() > 1000) {
      throw new IllegalArgumentException("the purpose is longer than 1000 characters");
    }
    if (def.owner() != null && def.owner().length() > 200) {
      throw new IllegalArgumentException("the owner is longer than 200 characters");
    }
    if (def.columns().isEmpty()) {
      throw new IllegalArgumentException("a dataset needs columns");
    }
    Set<String> names = new HashSet<>();
    for (ColumnInfo c : def.columns()) {
      if (c.name() == null || !NAME.matcher(c.name()).matches()) {
        throw new IllegalArgumentException(
            "column name '" + c.name() + "' is not a lower-case identifier");
      }
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("column '" + c.name() + "' is declared twice");
      }
      if (c.type() == null || !TYPE.matcher(c.type()).matches()) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has unsupported type '" + c.type() + "'");
      }
      if (c.type().startsWith("DECIMAL")) {
        String[] ps = c.type().substring(8, c.type().length() - 1).split(",");
        int precision = Integer.parseInt(ps[0]);
        int scale = Integer.parseInt(ps[1]);
        if (precision < 1 || precision > 38 || scale > precision) {
          throw new IllegalArgumentException(
              "column '" + c.name() + "': DECIMAL(p,s) needs 1 <= p <= 38 and s <= p");
        }
      }
      if (c.sensitivity() == null) {
        throw new IllegalArgumentException("column '" + c.name() + "' needs a sensitivity grade");
      }
    }
    if (!names.contains(def.keyColumn())) {
      throw new IllegalArgumentException("key column '" + def.keyColumn() + "' is not a column");
    }
    if (def.districtColumn() != null && !names.contains(def.districtColumn())) {
      throw new IllegalArgumentException(
          "district column '" + def.districtColumn() + "' is not a column");
    }
  }

  @Override
  public synchronized LoadResult loadCsv(
      String dataset, Path csv, String source, Charset encoding, DoubleConsumer progress) {
    DatasetInfo info =
        dataset(dataset)
            .orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + dataset + "'"));
    List<ColumnInfo> columns = info.definition().columns();
    int version = (info.currentVersion() == null ? 0 : latestVersion(dataset)) + 1;
    String table = "pool." + quote(dataset + "__v" + version);
    long read = 0;
    long loaded = 0;
    long rejected = 0;
    List<String> errors = new ArrayList<>();
    MessageDigest digest = sha256();
    boolean[] residentIds = new boolean[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      residentIds[i] = isResidentIdColumn(columns.get(i));
    }
    long size;
    try {
      size = Math.max(1, Files.size(csv));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv.getFileName() + ": " + e.getMessage(), e);
    }
    long[] consumed = new long[1];
    try (InputStream in =
            new DigestInputStream(new Counting(Files.newInputStream(csv), consumed), digest);
        Reader reader = new InputStreamReader(in, encoding);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      Map<String, Integer> header = parser.getHeaderMap();
      List<String> expected = columns.stream().map(ColumnInfo::name).toList();
      Set<String> headerNames = new HashSet<>();
      header
          .keySet()
          .forEach(h -> headerNames.add(h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT)));
      if (!headerNames.equals(new HashSet<>(expected))) {
        throw new IllegalArgumentException(
            "the file's header "
                + header.keySet()
                + " does not match the dataset's columns "
                + expected);
      }
      int[] positions = new int[columns.size()];
      Map<String, Integer> normalized = new LinkedHashMap<>();
      header.forEach(
          (k, v) -> normalized.put(k.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), v));
      for (int i = 0; i < columns.size(); i++) {
        positions[i] = normalized.get(columns.get(i).name());
      }
      try (Statement st = engine.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < columns.size(); i++) {
          ddl.append(i == 0 ? "" : ", ")
              .append(quote(columns.get(i).name()))
              .append(' ')
              .append(columns.get(i).type());
        }
        st.execute(ddl.append(')').toString());
      }
      Object[] values = new Object[columns.size()];
      try (DuckDBAppender appender = engine.createAppender("pool", dataset + "__v" + version)) {
        long lastLine = parser.getCurrentLineNumber();
        for (CSVRecord record : parser) {
          // physical line of the record's start, also after values that span several lines
          long line = lastLine + 1;
          lastLine = parser.getCurrentLineNumber();
          read++;
          if (read % 1000 == 0) {
            progress.accept(Math.min(1.0, (double) consumed[0] / size));
          }
          String problem = convert(record, columns, positions, values, residentIds);
          if (problem != null) {
            rejected++;
            if (errors.size() < MAX_ERRORS) {
              errors.add("line " + line + ": " + problem);
            }
            continue;
          }
          appender.beginRow();
          for (Object v : values) {
            append(appender, v);
          }
          appender.endRow();
          loaded++;
        }
      }
    } catch (IOException e) {
      dropQuietly(table);
      throw new UncheckedIOException("cannot read " + csv.getFileName() + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      dropQuietly(table);
      throw new IllegalStateException("loading " + dataset + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      dropQuietly(table);
      throw e;
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    progress.accept(1.0);
    if (loaded == 0) {
      dropQuietly(table);
      int current = info.currentVersion() == null ? 0 : info.currentVersion();
      throw new LoadRejectedException(
          "no row of " + csv.getFileName() + " could be loaded: " + errors,
          new LoadResult(dataset, current, read, 0, rejected, sha, false, errors));
    }
    if (info.currentVersion() != null && sha.equals(currentSha(dataset, info.currentVersion()))) {
      dropQuietly(table);
      return new LoadResult(dataset, info.currentVersion(), read, 0, rejected, sha, false, errors);
    }
    final long rows = loaded;
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO dataset_versions (dataset, version, physical_table, rows_loaded, sha256, source, loaded_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, dataset, version, table, rows, sha, source, Instant.now())
                .executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE datasets SET current_version = ? WHERE name = ?")) {
            Jdbc.bind(ps, version, dataset).executeUpdate();
          }
          return null;
        });
    LOG.info("Loaded {} rows into {} version {} ({} rejected)", loaded, dataset, version, rejected);
    return new LoadResult(dataset, version, read, loaded, rejected, sha, true, errors);
  }

  /**
   * PERSONAL columns holding resident IDs, by the naming convention of the departments' exports.
   */
  static boolean isResidentIdColumn(ColumnInfo c) {
    String n = c.name();
    return c.sensitivity() == Sensitivity.PERSONAL
        && c.type().equals("VARCHAR")
        && (n.endsWith("person_id")
            || n.equals("plaintiff_id")
            || n.equals("defendant_id")
            || n.equals("payee_id"));
  }

  private static String convert(
      CSVRecord record,
      List<ColumnInfo> columns,
      int[] positions,
      Object[] values,
      boolean[] residentIds) {
    if (!record.isConsistent()) {
      return "expected " + columns.size() + " fields, found " + record.size();
    }
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo col = columns.get(i);
      String raw = record.get(positions[i]);
      if (raw == null || raw.isEmpty()) {
        values[i] = null;
        continue;
      }
      if (residentIds[i] && looksLikeResidentId(raw) && !ResidentIds.isValid(raw.strip())) {
        return "column " + col.name() + ": '" + maskId(raw) + "' is not a valid resident ID";
      }
      try {
        values[i] = parse(col.type(), raw);
      } catch (RuntimeException e) {
        return "column " + col.name() + ": '" + abbreviate(raw) + "' is not a valid " + col.type();
      }
    }
    return null;
  }

  private static Object parse(String type, String raw) {
    if (type.equals("VARCHAR")) {
      return raw;
    }
    String s = raw.trim();
    if (type.equals("DATE")) {
      return LocalDate.parse(s);
    }
    if (type.equals("INTEGER")) {
      return Integer.parseInt(s);
    }
    if (type.equals("BIGINT")) {
      return Long.parseLong(s);
    }
    if (type.equals("DOUBLE")) {
      return Double.parseDouble(s);
    }
    if (type.equals("BOOLEAN")) {
      if (s.equalsIgnoreCase("true") || s.equals("1")) {
        return Boolean.TRUE;
      }
      if (s.equalsIgnoreCase("false") || s.equals("0")) {
        return Boolean.FALSE;
      }
      throw new IllegalArgumentException(s);
    }
    // DECIMAL(p,s)
    String[] ps = type.substring(8, type.length() - 1).split(",");
    BigDecimal d =
        new BigDecimal(s).setScale(Integer.parseInt(ps[1]), java.math.RoundingMode.UNNECESSARY);
    if (d.precision() > Integer.parseInt(ps[0])) {
      throw new IllegalArgumentException(s);
    }
    return d;
  }

  private static void append(DuckDBAppender a, Object v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else if (v instanceof String s) {
      a.append(s);
    } else if (v instanceof LocalDate d) {
      a.append(d);
    } else if (v instanceof BigDecimal d) {
      a.append(d);
    } else if (v instanceof Integer i) {
      a.append(i.intValue());
    } else if (v instanceof Long l) {
      a.append(l.longValue());
    } else if (v instanceof Double d) {
      a.append(d.doubleValue());
    } else if (v instanceof Boolean b) {
      a.append(b.booleanValue());
    } else {
      throw new SQLException("unsupported value type " + v.getClass());
    }
  }

  /** 18 characters, the first 17 digits: meant as a resident ID, so it must be a valid one. */
  static boolean looksLikeResidentId(String raw) {
    String s = raw.strip();
    if (s.length() != 18) {
      return false;
    }
    for (int i = 0; i < 17; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Rejection reasons are read by stewards and logged: show only the shape of a bad ID. */
  static String maskId(String raw) {
    String s = raw.strip();
    if (s.length() <= 7) {
      return "*".repeat(s.length());
    }
    return abbreviate(s.substring(0, 6) + "*".repeat(s.length() - 7) + s.charAt(s.length() - 1));
  }

  /** Counts the bytes read, for progress. */
  private static final class Counting extends java.io.FilterInputStream {
    private final long[] count;

    Counting(InputStream in, long[] count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count[0]++;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count[0] += n;
      }
      return n;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private int latestVersion(String dataset) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT MAX(version) FROM dataset_versions WHERE dataset = ?")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getInt(1) : 0;
            }
          }
        });
  }

  private String currentSha(String dataset, int version) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT sha256 FROM dataset_versions WHERE dataset = ? AND version = ?")) {
            Jdbc.bind(ps, dataset, version);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }

  private void dropQuietly(String table) {
    try (Statement st = engine.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    } catch (SQLException e) {
      LOG.warn("Could not drop {}: {}", table, e.getMessage());
    }
  }

  @Override
  public RunData pin(Collection<String> datasets) {
    return store.inTransaction(
        c -> {
          Map<String, PhysicalDataset> tables = new LinkedHashMap<>();
          Map<String, Integer> versions = new LinkedHashMap<>();
          for (String name : datasets) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT d.district_column, v.physical_table, v.version FROM datasets d"
                        + " JOIN dataset_versions v ON v.dataset = d.name AND v.version = d.current_version WHERE d.name = ?")) {
              ps.setString(1, name);
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  tables.put(name, new PhysicalDataset(rs.getString(2), rs.getString(1)));
                  versions.put(name, rs.getInt(3));
                }
              }
            }
          }
          return new RunData(n -> Optional.ofNullable(tables.get(n)), versions);
        });
  }

  @Override
  public Connection openRunConnection() throws SQLException {
    return engine.duplicate();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
