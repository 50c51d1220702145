package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.postgresql.PostgresCluster;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state store on PostgreSQL, configured the Karaf way: the distribution boots with its pax-jdbc
 * datasource file ({@code etc/org.ops4j.datasource-mingjian.cfg}) pointing at a throw-away
 * PostgreSQL cluster, as docs/operations.md tells an operator to write it. The platform creates its
 * schema there, publishes and enables the catalog, runs a reference model over HTTP and records its
 * clues — in PostgreSQL, which the test checks through the same datasource service.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresStateStoreIT extends MingjianTestSupport {

  @Override
  protected Option[] extraOptions() {
    // runs before the container starts, in the test's JVM: the cluster lives until that JVM ends
    PGSimpleDataSource db = PostgresCluster.shared().newDatabase("karaf");
    File cfg;
    try {
      cfg = File.createTempFile("org.ops4j.datasource-mingjian", ".cfg");
      cfg.deleteOnExit();
      Files.writeString(
          cfg.toPath(),
          String.join(
              "\n",
              "# as docs/operations.md, section 2",
              "osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
              "url = jdbc:postgresql://127.0.0.1:"
                  + db.getPortNumbers()[0]
                  + "/"
                  + db.getDatabaseName(),
              "user = " + db.getUser(),
              "password = " + db.getPassword(),
              "dataSourceName = mingjian",
              "pool = hikari",
              "xa = false",
              "hikari.maximumPoolSize = 8",
              "hikari.minimumIdle = 0",
              "hikari.initializationFailTimeout = -1",
              ""),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return options(replaceConfigurationFile("etc/org.ops4j.datasource-mingjian.cfg", cfg));
  }

  @Test
  public void theStateStoreLivesInPostgresAndTheModelsRun() throws Exception {
    awaitReady();
    DataSource ds = awaitService(DataSource.class, "(dataSourceName=mingjian)");
    try (Connection c = ds.getConnection()) {
      assertEquals("PostgreSQL", c.getMetaData().getDatabaseProductName());
    }
    JsonNode health = MingjianHttp.json(http().get("/api/v1/health"));
    assertEquals(
        health.toString(),
        "UP",
        health.path("components").path("stateStore").path("status").asText());

    // the catalog was published into PostgreSQL and the six models are runnable
    MingjianHttp analyst = http().withToken(login("chaoyang.analyst"));
    long before = count(ds, "SELECT count(*) FROM clues");
    JsonNode run = runToEnd(analyst, "provident-fund-false-litigation", "110105");
    String id = run.path("id").asText();
    int found = run.path("stats").path("cluesNew").asInt();
    int seenAgain = run.path("stats").path("cluesUpdated").asInt();
    // the demo data plants 9 cases per district for this model
    assertEquals(run.toString(), 9, found + seenAgain);

    // the run, its clues and the audit trail are rows of PostgreSQL
    assertEquals(1, count(ds, "SELECT count(*) FROM runs WHERE id = '" + id + "'"));
    assertEquals(before + found, count(ds, "SELECT count(*) FROM clues"));
    JsonNode queue = MingjianHttp.json(analyst.get("/api/v1/clues?district=110105"));
    assertTrue(queue.toString(), queue.path("total").asLong() >= found);
    assertTrue(count(ds, "SELECT count(*) FROM model_versions WHERE state = 'APPROVED'") >= 6);
    assertTrue(count(ds, "SELECT count(*) FROM audit_log") > 0);
  }

  private static long count(DataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
