package org.mingjian.platform.data.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.ColumnQuality;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.data.LoadOptions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.QualityReport;
import org.mingjian.platform.data.RunData;
import org.mingjian.platform.data.RunRef;
import org.mingjian.platform.data.VersionInfo;
import org.mingjian.platform.datagen.CreditCodes;
import org.mingjian.platform.datagen.ResidentIds;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.connector.RowSource;
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

  /**
   * Closes the engine.
   *
   * @throws SQLException when closing fails
   */
  @Deactivate
  public void close() throws SQLException {
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
  public LoadResult loadCsv(
      String dataset, Path csv, String source, Charset encoding, DoubleConsumer progress) {
    return loadCsv(dataset, csv, encoding, LoadOptions.of(source, null).withProgress(progress));
  }

  @Override
  public synchronized LoadResult loadCsv(
      String dataset, Path csv, Charset encoding, LoadOptions options) {
    DatasetInfo info =
        dataset(dataset)
            .orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + dataset + "'"));
    CsvRows rows;
    try {
      rows = new CsvRows(csv, encoding, options.progress());
    } catch (IOException e) {
      int current = info.currentVersion() == null ? 0 : info.currentVersion();
      String reason = "cannot read " + csv.getFileName() + ": " + e.getMessage();
      throw new LoadRejectedException(
          reason, new LoadResult(dataset, current, 0, 0, 0, null, false, List.of(reason)));
    } catch (IllegalArgumentException e) {
      // commons-csv: a duplicate or empty header name
      throw new IllegalArgumentException(
          "the file's header cannot be used: " + abbreviate(String.valueOf(e.getMessage())), e);
    }
    try (rows) {
      return load(info, rows, options, rows::sha256, csv.getFileName().toString());
    } catch (org.mingjian.sdk.connector.ConnectorException e) {
      // only close() can get here
      LOG.warn("Could not close {}: {}", csv, e.getMessage());
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public synchronized LoadResult load(String dataset, RowSource rows, LoadOptions options) {
    DatasetInfo info =
        dataset(dataset)
            .orElseThrow(() -> new IllegalArgumentException("unknown dataset '" + dataset + "'"));
    return load(info, rows, options, null, "the source");
  }

  /**
   * The loader: reads every row into a new table, rejecting the rows that do not fit, then computes
   * the quality report and makes the table the current version in one state-store transaction.
   * Anything that fails before that commit drops the table, so the previous version stays current.
   */
  private LoadResult load(
      DatasetInfo info,
      RowSource rows,
      LoadOptions options,
      java.util.function.Supplier<String> fileDigest,
      String what) {
    String dataset = info.definition().name();
    List<ColumnInfo> columns = info.definition().columns();
    int current = info.currentVersion() == null ? 0 : info.currentVersion();
    int version = (info.currentVersion() == null ? 0 : latestVersion(dataset)) + 1;
    String tableName = dataset + "__v" + version;
    String table = "pool." + quote(tableName);
    long read = 0;
    long loaded = 0;
    long rejected = 0;
    long[] invalid = new long[columns.size()];
    List<String> errors = new ArrayList<>();
    MessageDigest digest = sha256();
    boolean appends = rows.appends() && info.currentVersion() != null;
    Checks checks = Checks.of(info.definition());
    try {
      List<String> names;
      try {
        names = rows.columns();
      } catch (org.mingjian.sdk.connector.ConnectorException e) {
        throw new Failure("reading " + what + " failed: " + abbreviate(e.getMessage(), 500));
      }
      int[] positions = positions(names, columns, what);
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
        if (appends) {
          st.execute("INSERT INTO " + table + " SELECT * FROM " + physicalTable(dataset, current));
          digest.update(currentSha(dataset, current).getBytes(StandardCharsets.UTF_8));
        }
      }
      Object[] values = new Object[columns.size()];
      int[] failedColumn = new int[1];
      try (DuckDBAppender appender = engine.createAppender("pool", tableName)) {
        Object[] row;
        while ((row = next(rows, read, what)) != null) {
          if (read > 0 && read % LoadOptions.COUNT_EVERY == 0) {
            // every row read so far is loaded or rejected
            options.counts().update(read, loaded, rejected);
          }
          read++;
          if (read % 1000 == 0 && options.cancelled().getAsBoolean()) {
            throw new Failure("the load was cancelled after " + read + " rows");
          }
          if (fileDigest == null) {
            digestRow(digest, row);
          }
          failedColumn[0] = -1;
          String problem = convert(row, columns, positions, values, checks, failedColumn);
          if (problem != null) {
            rejected++;
            if (failedColumn[0] >= 0) {
              invalid[failedColumn[0]]++;
            }
            if (errors.size() < MAX_ERRORS) {
              String at = rows.position();
              errors.add((at == null ? "row " + read : at) + ": " + problem);
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
        options.counts().update(read, loaded, rejected);
      }
    } catch (Failure e) {
      dropQuietly(table);
      List<String> reasons = new ArrayList<>();
      reasons.add(e.getMessage());
      reasons.addAll(errors);
      throw new LoadRejectedException(
          e.getMessage(),
          new LoadResult(dataset, current, read, loaded, rejected, null, false, reasons));
    } catch (SQLException e) {
      dropQuietly(table);
      throw new IllegalStateException("loading " + dataset + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      dropQuietly(table);
      throw e;
    }
    String sha = fileDigest != null ? fileDigest.get() : HexFormat.of().formatHex(digest.digest());
    options.progress().accept(1.0);
    if (appends && read == 0) {
      // an incremental pull with nothing new: the current version stays
      dropQuietly(table);
      storeRemembered(dataset, options);
      return new LoadResult(dataset, current, 0, 0, 0, currentSha(dataset, current), false, errors);
    }
    if (loaded == 0) {
      dropQuietly(table);
      throw new LoadRejectedException(
          "no row of " + what + " could be loaded: " + errors,
          new LoadResult(dataset, current, read, 0, rejected, sha, false, errors));
    }
    if (!appends
        && !options.force()
        && info.currentVersion() != null
        && sha.equals(currentSha(dataset, info.currentVersion()))) {
      dropQuietly(table);
      return new LoadResult(dataset, info.currentVersion(), read, 0, rejected, sha, false, errors);
    }
    final long rowsRead = read;
    final long rowsRejected = rejected;
    final long rows0 = loaded;
    List<ColumnQuality> quality;
    long stored;
    try {
      stored = count(table);
      quality = quality(info.definition(), table, stored, rowsRead, invalid);
    } catch (SQLException e) {
      dropQuietly(table);
      throw new IllegalStateException("checking " + dataset + " failed: " + e.getMessage(), e);
    }
    try {
      store.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO dataset_versions (dataset, version, physical_table, rows_loaded, sha256, source,"
                        + " loaded_at, loaded_by, rows_read, rows_rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              Jdbc.bind(
                      ps,
                      dataset,
                      version,
                      table,
                      stored,
                      sha,
                      abbreviate(options.source(), 1000),
                      Instant.now(),
                      options.loadedBy(),
                      rowsRead,
                      rowsRejected)
                  .executeUpdate();
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO dataset_quality (dataset, version, position, column_name, rows_total, nulls, invalid,"
                        + " duplicates, distinct_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
              for (int i = 0; i < quality.size(); i++) {
                ColumnQuality q = quality.get(i);
                Jdbc.bind(
                    ps,
                    dataset,
                    version,
                    i,
                    q.column(),
                    q.rows(),
                    q.nulls(),
                    q.invalid(),
                    q.duplicates(),
                    q.distinctValues());
                ps.addBatch();
              }
              ps.executeBatch();
            }
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE datasets SET current_version = ? WHERE name = ?")) {
              Jdbc.bind(ps, version, dataset).executeUpdate();
            }
            writeRemembered(c, dataset, options);
            return null;
          });
    } catch (RuntimeException e) {
      dropQuietly(table);
      throw e;
    }
    LOG.info("Loaded {} rows into {} version {} ({} rejected)", rows0, dataset, version, rejected);
    return new LoadResult(dataset, version, read, rows0, rejected, sha, true, errors);
  }

  /** Why a load stops: the source failed, could not be decoded, or the load was cancelled. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private static Object[] next(RowSource rows, long read, String what) {
    try {
      return rows.next();
    } catch (org.mingjian.sdk.connector.ConnectorException e) {
      throw new Failure(
          "reading "
              + what
              + " failed after "
              + read
              + " rows: "
              + abbreviate(String.valueOf(e.getMessage()), 500));
    } catch (RuntimeException e) {
      throw new Failure(
          "reading " + what + " failed after " + read + " rows: " + abbreviate(e.toString(), 500));
    }
  }

  /** Where each registered column is in the source's rows. */
  private static int[] positions(List<String> names, List<ColumnInfo> columns, String what) {
    Map<String, Integer> normalized = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i) == null ? "" : names.get(i);
      normalized.putIfAbsent(n.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT), i);
    }
    List<String> expected = columns.stream().map(ColumnInfo::name).toList();
    if (normalized.size() != names.size() || !normalized.keySet().equals(new HashSet<>(expected))) {
      Set<String> missing = new java.util.TreeSet<>(expected);
      missing.removeAll(normalized.keySet());
      Set<String> unknown = new java.util.TreeSet<>(normalized.keySet());
      expected.forEach(unknown::remove);
      List<String> shown = new ArrayList<>();
      unknown.stream().limit(10).forEach(u -> shown.add(abbreviate(u)));
      throw new IllegalArgumentException(
          "the header of "
              + what
              + " does not match the dataset's columns "
              + expected
              + (missing.isEmpty() ? "" : "; missing " + missing)
              + (unknown.isEmpty()
                  ? ""
                  : "; unknown "
                      + shown
                      + (unknown.size() > 10 ? " and " + (unknown.size() - 10) + " more" : ""))
              + (normalized.size() != names.size() ? "; a column is named twice" : ""));
    }
    int[] positions = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      positions[i] = normalized.get(columns.get(i).name());
    }
    return positions;
  }

  private static void digestRow(MessageDigest digest, Object[] row) {
    for (Object v : row) {
      digest.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0x1f);
    }
    digest.update((byte) 0x1e);
  }

  private long count(String table) throws SQLException {
    try (Statement st = engine.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Null counts and distinct values per column by one DuckDB aggregate over the new table: exact
   * distinct values (and so duplicates) for the key column, approximate for the others.
   */
  private List<ColumnQuality> quality(
      DatasetDefinition def, String table, long stored, long rowsRead, long[] invalid)
      throws SQLException {
    List<ColumnInfo> columns = def.columns();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String q = quote(columns.get(i).name());
      boolean key = columns.get(i).name().equals(def.keyColumn());
      sql.append(i == 0 ? "" : ", ")
          .append("count(")
          .append(q)
          .append("), ")
          .append(key ? "count(DISTINCT " : "approx_count_distinct(")
          .append(q)
          .append(')');
    }
    sql.append(" FROM ").append(table);
    List<ColumnQuality> out = new ArrayList<>();
    try (Statement st = engine.createStatement();
        ResultSet rs = st.executeQuery(sql.toString())) {
      rs.next();
      for (int i = 0; i < columns.size(); i++) {
        long nonNull = rs.getLong(2 * i + 1);
        long distinct = Math.min(nonNull, rs.getLong(2 * i + 2));
        boolean key = columns.get(i).name().equals(def.keyColumn());
        out.add(
            new ColumnQuality(
                columns.get(i).name(),
                rowsRead,
                stored,
                stored - nonNull,
                invalid[i],
                distinct,
                key ? nonNull - distinct : null));
      }
    }
    return out;
  }

  private void storeRemembered(String dataset, LoadOptions options) {
    if (options.connector() == null || options.remembered().isEmpty()) {
      return;
    }
    store.inTransaction(
        c -> {
          writeRemembered(c, dataset, options);
          return null;
        });
  }

  private static void writeRemembered(Connection c, String dataset, LoadOptions options)
      throws SQLException {
    if (options.connector() == null || options.remembered().isEmpty()) {
      return;
    }
    for (Map.Entry<String, String> e : options.remembered().entrySet()) {
      try (PreparedStatement del =
          c.prepareStatement(
              "DELETE FROM connector_state WHERE dataset = ? AND connector = ? AND state_key = ?")) {
        Jdbc.bind(del, dataset, options.connector(), e.getKey()).executeUpdate();
      }
      try (PreparedStatement ins =
          c.prepareStatement(
              "INSERT INTO connector_state (dataset, connector, state_key, state_value, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        Jdbc.bind(ins, dataset, options.connector(), e.getKey(), e.getValue(), Instant.now())
            .executeUpdate();
      }
    }
  }

  @Override
  public Map<String, String> connectorState(String dataset, String connector) {
    return store.inTransaction(
        c -> {
          Map<String, String> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT state_key, state_value FROM connector_state WHERE dataset = ? AND connector = ?"
                      + " ORDER BY state_key")) {
            Jdbc.bind(ps, dataset, connector);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<VersionInfo> versions(String dataset) {
    return store.inTransaction(
        c -> {
          List<VersionInfo> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version, rows_loaded, sha256, source, loaded_at, loaded_by, rows_read, rows_rejected"
                      + " FROM dataset_versions WHERE dataset = ? ORDER BY version DESC")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long rr = rs.getLong(7);
                Long rowsRead = rs.wasNull() ? null : rr;
                long rj = rs.getLong(8);
                Long rowsRejected = rs.wasNull() ? null : rj;
                out.add(
                    new VersionInfo(
                        rs.getInt(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        Jdbc.instant(rs, "loaded_at"),
                        rs.getString(6),
                        rowsRead,
                        rowsRejected));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Optional<QualityReport> quality(String dataset, int version) {
    Optional<DatasetInfo> info = dataset(dataset);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          List<ColumnQuality> cols = new ArrayList<>();
          long loaded = 0;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT rows_loaded FROM dataset_versions WHERE dataset = ? AND version = ?")) {
            Jdbc.bind(ps, dataset, version);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<QualityReport>empty();
              }
              loaded = rs.getLong(1);
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT column_name, rows_total, nulls, invalid, distinct_values, duplicates FROM dataset_quality"
                      + " WHERE dataset = ? AND version = ? ORDER BY position")) {
            Jdbc.bind(ps, dataset, version);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long dup = rs.getLong(6);
                Long duplicates = rs.wasNull() ? null : dup;
                cols.add(
                    new ColumnQuality(
                        rs.getString(1),
                        rs.getLong(2),
                        loaded,
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        duplicates));
              }
            }
          }
          if (cols.isEmpty()) {
            return Optional.<QualityReport>empty();
          }
          return Optional.of(
              new QualityReport(dataset, version, info.get().definition().keyColumn(), cols));
        });
  }

  private static final Pattern VERSION_ENTRY =
      Pattern.compile("\"([a-z][a-z0-9_]*)\"\\s*:\\s*(\\d+)");

  /** How many of the latest runs are scanned for lineage. */
  private static final int LINEAGE_SCAN = 5000;

  @Override
  public Map<Integer, List<RunRef>> lineage(String dataset, int perVersion) {
    if (dataset == null || !NAME.matcher(dataset).matches()) {
      return Map.of();
    }
    return store.inTransaction(
        c -> {
          java.util.TreeMap<Integer, List<RunRef>> out =
              new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, model_id, district, requested_at, state, dataset_versions FROM runs"
                      + " WHERE dataset_versions LIKE ? ORDER BY requested_at DESC, id")) {
            ps.setMaxRows(LINEAGE_SCAN);
            ps.setString(1, "%\"" + dataset + "\"%");
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                java.util.regex.Matcher m = VERSION_ENTRY.matcher(rs.getString(6));
                while (m.find()) {
                  if (!m.group(1).equals(dataset)) {
                    continue;
                  }
                  List<RunRef> runs =
                      out.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>());
                  if (runs.size() < perVersion) {
                    runs.add(
                        new RunRef(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            Jdbc.instant(rs, "requested_at"),
                            rs.getString(5)));
                  }
                }
              }
            }
          }
          return out;
        });
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

  /**
   * VARCHAR columns holding unified social credit codes, by the naming convention of the
   * departments' exports ({@code credit_code}, {@code seller_code}, {@code employer_code}, ...).
   */
  static boolean isCreditCodeColumn(ColumnInfo c) {
    return c.type().equals("VARCHAR") && c.name().endsWith("_code");
  }

  /** Whether a value has the shape of a credit code: 18 characters of the GB 32100 alphabet. */
  static boolean looksLikeCreditCode(String v) {
    String s = v.strip();
    if (s.length() != 18) {
      return false;
    }
    for (int i = 0; i < 18; i++) {
      if (CreditCodes.ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The row checks of a dataset, per column: resident-ID and credit-code check characters, and the
   * columns every row must fill (the key and the district column).
   */
  record Checks(boolean[] residentId, boolean[] creditCode, boolean[] required) {
    static Checks of(DatasetDefinition def) {
      List<ColumnInfo> columns = def.columns();
      boolean[] ids = new boolean[columns.size()];
      boolean[] codes = new boolean[columns.size()];
      boolean[] required = new boolean[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        ColumnInfo c = columns.get(i);
        ids[i] = isResidentIdColumn(c);
        codes[i] = !ids[i] && isCreditCodeColumn(c);
        required[i] =
            c.name().equals(def.keyColumn())
                || (def.districtColumn() != null && c.name().equals(def.districtColumn()));
      }
      return new Checks(ids, codes, required);
    }
  }

  private static final int MAX_VALUE_CHARS = 1 << 20;

  private static String convert(
      Object[] row,
      List<ColumnInfo> columns,
      int[] positions,
      Object[] values,
      Checks checks,
      int[] failedColumn) {
    if (row.length != columns.size()) {
      return "expected " + columns.size() + " fields, found " + row.length;
    }
    boolean[] residentIds = checks.residentId();
    for (int i = 0; i < columns.size(); i++) {
      ColumnInfo col = columns.get(i);
      Object v = row[positions[i]];
      if (checks.required()[i] && (v == null || (v instanceof String str && str.isBlank()))) {
        failedColumn[0] = i;
        return "column " + col.name() + " is required (the dataset's key or district column)";
      }
      if (v == null || (v instanceof String str && str.isEmpty())) {
        values[i] = null;
        continue;
      }
      if (v instanceof String raw) {
        if (raw.length() > MAX_VALUE_CHARS) {
          failedColumn[0] = i;
          return "column "
              + col.name()
              + ": a value of "
              + raw.length()
              + " characters is longer than the limit of "
              + MAX_VALUE_CHARS;
        }
        if (residentIds[i] && looksLikeResidentId(raw) && !ResidentIds.isValid(raw.strip())) {
          failedColumn[0] = i;
          return "column " + col.name() + ": '" + maskId(raw) + "' is not a valid resident ID";
        }
        try {
          values[i] = parse(col.type(), raw);
        } catch (RuntimeException e) {
          failedColumn[0] = i;
          return "column "
              + col.name()
              + ": '"
              + abbreviate(raw)
              + "' is not a valid "
              + col.type();
        }
      } else {
        try {
          values[i] = coerce(col.type(), v);
        } catch (RuntimeException e) {
          failedColumn[0] = i;
          return "column "
              + col.name()
              + ": a "
              + v.getClass().getSimpleName()
              + " value is not a valid "
              + col.type();
        }
        if (residentIds[i]
            && values[i] instanceof String str
            && looksLikeResidentId(str)
            && !ResidentIds.isValid(str.strip())) {
          failedColumn[0] = i;
          return "column " + col.name() + ": '" + maskId(str) + "' is not a valid resident ID";
        }
      }
      if (checks.creditCode()[i]
          && values[i] instanceof String code
          && looksLikeCreditCode(code)
          && !CreditCodes.isValid(code.strip())) {
        failedColumn[0] = i;
        return "column "
            + col.name()
            + ": '"
            + code.strip()
            + "' is not a valid unified social credit code (its check character should be "
            + CreditCodes.checkChar(code.strip())
            + ")";
      }
    }
    return null;
  }

  /** Typed values from a connector (JDBC, JSON) converted to the column's type. */
  static Object coerce(String type, Object v) {
    if (v instanceof java.sql.Date d) {
      v = d.toLocalDate();
    } else if (v instanceof java.sql.Timestamp t && type.equals("DATE")) {
      v = t.toLocalDateTime().toLocalDate();
    }
    switch (type) {
      case "VARCHAR":
        return v.toString();
      case "DATE":
        if (v instanceof LocalDate d) {
          return d;
        }
        throw new IllegalArgumentException();
      case "BOOLEAN":
        if (v instanceof Boolean b) {
          return b;
        }
        throw new IllegalArgumentException();
      case "INTEGER":
        return Math.toIntExact(wholeNumber(v));
      case "BIGINT":
        return wholeNumber(v);
      case "DOUBLE":
        if (v instanceof Number n) {
          return n.doubleValue();
        }
        throw new IllegalArgumentException();
      default:
        if (v instanceof Number n) {
          return parse(type, n instanceof BigDecimal bd ? bd.toPlainString() : n.toString());
        }
        throw new IllegalArgumentException();
    }
  }

  private static long wholeNumber(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigDecimal d) {
      return d.longValueExact();
    }
    if (v instanceof java.math.BigInteger b) {
      return b.longValueExact();
    }
    throw new IllegalArgumentException();
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

  private static String abbreviate(String s) {
    return abbreviate(s, 40);
  }

  private static String abbreviate(String s, int max) {
    if (s == null) {
      return null;
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private String physicalTable(String dataset, int version) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT physical_table FROM dataset_versions WHERE dataset = ? AND version = ?")) {
            Jdbc.bind(ps, dataset, version);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException(
                    "version " + version + " of " + dataset + " is gone");
              }
              return rs.getString(1);
            }
          }
        });
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
