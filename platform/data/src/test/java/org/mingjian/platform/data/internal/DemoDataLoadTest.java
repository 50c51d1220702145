package org.mingjian.platform.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.LoadResult;
import org.mingjian.platform.data.RunData;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.GenerationReport;
import org.mingjian.platform.datagen.Scale;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.Sensitivity;

class DemoDataLoadTest {

  static DatasetDefinition definition(DatasetSchema s) {
    return new DatasetDefinition(
        s.name(),
        s.description(),
        s.ownerDepartment(),
        s.districtColumn(),
        s.rowKeyColumn(),
        s.columns().stream()
            .map(c -> new ColumnInfo(c.name(), c.sqlType(), Sensitivity.valueOf(c.sensitivity())))
            .toList());
  }

  @Test
  void smallDemoDataLoadsCompletely(@TempDir Path dir) throws Exception {
    GenerationReport report = DataGenerator.generate(Scale.SMALL, 42, dir.resolve("demo"));
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, dir.resolve("home"));
    DataPoolImpl pool = new DataPoolImpl(store, dir.resolve("pool"), "512MB", 1);
    try {
      for (DatasetSchema schema : DemoDatasets.all()) {
        pool.register(definition(schema));
        LoadResult r = pool.loadCsv(schema.name(), report.files().get(schema.name()), "datagen");

        long expected = report.rowsOf(schema.name());
        assertTrue(expected > 0, schema.name());
        assertEquals(List.of(), r.errors(), schema.name());
        assertEquals(expected, r.rowsRead(), schema.name());
        assertEquals(expected, r.rowsLoaded(), schema.name());
        assertEquals(expected, pool.dataset(schema.name()).orElseThrow().rows(), schema.name());
      }
      assertEquals(Scale.SMALL.persons(), report.rowsOf(DemoDatasets.PERSONS));

      RunData pinned = pool.pin(DemoDatasets.all().stream().map(DatasetSchema::name).toList());
      Map<String, Integer> firstVersions = new java.util.HashMap<>();
      DemoDatasets.all().forEach(d -> firstVersions.put(d.name(), 1));
      assertEquals(13, firstVersions.size(), "every demo dataset of the six reference models");
      assertEquals(firstVersions, pinned.versions());
      try (Connection c = pool.openRunConnection();
          Statement st = c.createStatement()) {
        for (DatasetSchema schema : DemoDatasets.all()) {
          String table = pinned.resolver().resolve(schema.name()).orElseThrow().table();
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT count(*), count(DISTINCT " + schema.rowKeyColumn() + ") FROM " + table)) {
            rs.next();
            assertEquals(report.rowsOf(schema.name()), rs.getLong(1), schema.name());
            assertEquals(rs.getLong(1), rs.getLong(2), schema.name() + " row keys are unique");
          }
        }
        // resident IDs are text: 18 characters, none turned into a number
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM "
                    + pinned.resolver().resolve("persons").orElseThrow().table()
                    + " WHERE length(person_id) <> 18")) {
          rs.next();
          assertEquals(0, rs.getLong(1));
        }
      }
    } finally {
      pool.close();
    }
  }
}
