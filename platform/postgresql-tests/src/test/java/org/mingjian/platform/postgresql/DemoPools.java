package org.mingjian.platform.postgresql;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.mingjian.platform.datagen.ColumnSchema;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.sdk.runner.DatasetResolver;
import org.mingjian.sdk.runner.PhysicalDataset;
import org.postgresql.PGConnection;

/**
 * The generated demo data in a schema {@code pool} of either engine, with the same DDL (the
 * generator's column types: {@code VARCHAR}, {@code DATE}, {@code DECIMAL(14,2)}, {@code INTEGER})
 * and each engine's own bulk load: {@code COPY ... FROM STDIN} through the PostgreSQL driver's
 * {@code CopyManager}, DuckDB's {@code COPY ... FROM 'file'}. An empty CSV field is NULL in both.
 */
final class DemoPools {
  private DemoPools() {}

  /**
   * @param c a PostgreSQL connection
   * @param dir the generator's output directory
   * @return rows loaded by dataset
   */
  static Map<String, Long> loadPostgres(Connection c, Path dir) throws SQLException, IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    createTables(c);
    PGConnection pg = c.unwrap(PGConnection.class);
    for (DatasetSchema s : DemoDatasets.all()) {
      try (Reader in = Files.newBufferedReader(dir.resolve(s.fileName()), StandardCharsets.UTF_8)) {
        rows.put(
            s.name(),
            pg.getCopyAPI()
                .copyIn(
                    "COPY "
                        + table(s)
                        + " FROM STDIN WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')",
                    in));
      }
    }
    try (Statement st = c.createStatement()) {
      // as an operator would after a bulk load: statistics for the planner
      st.execute("ANALYZE");
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
    return rows;
  }

  /**
   * @param c a DuckDB connection
   * @param dir the generator's output directory
   * @return rows loaded by dataset
   */
  static Map<String, Long> loadDuckDb(Connection c, Path dir) throws SQLException {
    Map<String, Long> rows = new LinkedHashMap<>();
    createTables(c);
    try (Statement st = c.createStatement()) {
      for (DatasetSchema s : DemoDatasets.all()) {
        String file = dir.resolve(s.fileName()).toAbsolutePath().toString().replace("'", "''");
        st.execute("COPY " + table(s) + " FROM '" + file + "' (FORMAT csv, HEADER true)");
        rows.put(s.name(), (long) st.getUpdateCount());
      }
    }
    return rows;
  }

  /**
   * @return where the runner finds each demo dataset, filtered by its district column
   */
  static DatasetResolver resolver() {
    Map<String, PhysicalDataset> tables = new LinkedHashMap<>();
    for (DatasetSchema s : DemoDatasets.all()) {
      tables.put(s.name(), new PhysicalDataset(table(s), s.districtColumn()));
    }
    return name -> Optional.ofNullable(tables.get(name));
  }

  private static void createTables(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA pool");
      for (DatasetSchema s : DemoDatasets.all()) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table(s)).append(" (");
        for (int i = 0; i < s.columns().size(); i++) {
          ColumnSchema col = s.columns().get(i);
          ddl.append(i == 0 ? "" : ", ")
              .append('"')
              .append(col.name())
              .append("\" ")
              .append(col.sqlType());
        }
        st.execute(ddl.append(')').toString());
      }
    }
  }

  private static String table(DatasetSchema s) {
    return "pool.\"" + s.name() + '"';
  }
}
