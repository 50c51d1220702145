package org.mingjian.platform.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestion.State;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.data.LoadRejectedException;
import org.mingjian.platform.datagen.ResidentIds;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.Sensitivity;

class IngestionsImplTest {
  private static final Charset GBK = Charset.forName("GBK");
  private static final String ID1 = ResidentIds.of("110105", LocalDate.of(1980, 1, 1), 1);
  private static final String ID2 = ResidentIds.of("110108", LocalDate.of(1975, 6, 30), 2);

  /** A city-wide dataset as a department exports it: payments with the payee's resident ID. */
  private static final DatasetDefinition PAYMENTS =
      new DatasetDefinition(
          "relief_payments",
          "临时救助发放",
          "民政局",
          null,
          "payment_no",
          List.of(
              new ColumnInfo("payment_no", "VARCHAR", Sensitivity.INTERNAL),
              new ColumnInfo("payee_id", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("payee_name", "VARCHAR", Sensitivity.PERSONAL),
              new ColumnInfo("amount", "DECIMAL(10,2)", Sensitivity.INTERNAL)),
          "救助资金发放监督",
          LocalDate.of(2031, 12, 31));

  @TempDir Path dir;
  private DataPoolImpl pool;
  private IngestionsImpl ingestions;
  private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:ingest-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    StateStoreImpl store = new StateStoreImpl(ds, dir.resolve("home"));
    pool = new DataPoolImpl(store, dir.resolve("pool"), "512MB", 1);
    AuditLog audit =
        (AuditLog)
            Proxy.newProxyInstance(
                AuditLog.class.getClassLoader(),
                new Class<?>[] {AuditLog.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("append")) {
                    audited.add((AuditEvent) args[0]);
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    ingestions =
        new IngestionsImpl(
            pool, store, dir.resolve("home/uploads"), dir.resolve("home/import"), audit);
    pool.register(PAYMENTS);
  }

  @AfterEach
  void close() throws Exception {
    ingestions.close();
    pool.close();
  }

  private Ingestion ingest(String csv, Charset encoding) throws Exception {
    Ingestion queued =
        ingestions.submit(
            "relief_payments",
            new ByteArrayInputStream(csv.getBytes(encoding)),
            encoding,
            "steward",
            "110000");
    assertEquals(State.QUEUED, queued.state());
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      Ingestion i = ingestions.get(queued.id()).orElseThrow();
      if (i.finished()) {
        return i;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("ingestion did not finish");
  }

  private static String file(String... rows) {
    return "payment_no,payee_id,payee_name,amount\n" + String.join("\n", rows) + "\n";
  }

  @Test
  void gbkFileLoadsWithItsChineseText() throws Exception {
    Ingestion i = ingest(file("P1," + ID1 + ",张三,100.00", "P2," + ID2 + ",李四,250.50"), GBK);
    assertEquals(State.SUCCEEDED, i.state(), i.errors().toString());
    assertEquals(1, i.version());
    assertTrue(i.created());
    assertEquals(2, i.rowsLoaded());
    assertEquals(1.0, i.progress());
    assertEquals("GBK", i.encoding());
    try (Connection c = pool.openRunConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT payee_name FROM pool.\"relief_payments__v1\" ORDER BY payment_no")) {
      rs.next();
      assertEquals("张三", rs.getString(1));
      rs.next();
      assertEquals("李四", rs.getString(1));
    }
    assertEquals("data.ingested", audited.get(0).action());
    assertEquals("steward", audited.get(0).actor());
    assertEquals("relief_payments", audited.get(0).target());
    assertEquals(i.id(), audited.get(0).details().get("ingestion"));
  }

  /** {@link #ID1} with a check character that does not match. */
  private static final String WRONG_CHECK =
      ID1.substring(0, 17) + (ID1.charAt(17) == '0' ? '1' : '0');

  @Test
  void aRunningLoadShowsItsRowCounts() throws Exception {
    // a department database that delivers 2 500 rows, then stalls until it is let go
    java.util.concurrent.CountDownLatch stall = new java.util.concurrent.CountDownLatch(1);
    ingestions.addConnector(
        new org.mingjian.sdk.connector.Connector() {
          @Override
          public String name() {
            return "stalling";
          }

          @Override
          public List<org.mingjian.sdk.connector.ConfigField> configSchema() {
            return List.of();
          }

          @Override
          public org.mingjian.sdk.connector.RowSource open(
              java.util.Map<String, Object> config,
              org.mingjian.sdk.connector.ConnectorContext context) {
            return new org.mingjian.sdk.connector.RowSource() {
              int n;

              @Override
              public List<String> columns() {
                return List.of("payment_no", "payee_id", "payee_name", "amount");
              }

              @Override
              public Object[] next() {
                if (n == 2_500) {
                  try {
                    stall.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                if (n == 3_000) {
                  return null;
                }
                n++;
                // every tenth payee ID fails its check character
                return new Object[] {"P" + n, n % 10 == 0 ? WRONG_CHECK : ID1, "张三", "1.00"};
              }

              @Override
              public void close() {}
            };
          }
        });
    Ingestion queued =
        ingestions.submit("relief_payments", "stalling", java.util.Map.of(), "steward", "110000");
    Ingestion running = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      running = ingestions.get(queued.id()).orElseThrow();
      if (running.rowsRead() >= 2_000) {
        break;
      }
      Thread.sleep(10);
    }
    try {
      assertEquals(State.RUNNING, running.state());
      assertEquals(2_000, running.rowsRead(), "counts are reported every 1 000 rows");
      assertEquals(1_800, running.rowsLoaded());
      assertEquals(200, running.rowsRejected());
    } finally {
      stall.countDown();
    }
    Ingestion done = null;
    while (System.currentTimeMillis() < deadline) {
      done = ingestions.get(queued.id()).orElseThrow();
      if (done.finished()) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(State.SUCCEEDED, done.state(), done.errors().toString());
    assertEquals(3_000, done.rowsRead());
    assertEquals(2_700, done.rowsLoaded());
    assertEquals(300, done.rowsRejected());
  }

  @Test
  void encodingNamesAreLimitedToTheDepartmentsExports() {
    assertEquals(StandardCharsets.UTF_8, Ingestions.encoding(null));
    assertEquals(StandardCharsets.UTF_8, Ingestions.encoding("utf-8"));
    assertEquals(GBK, Ingestions.encoding("gbk"));
    assertEquals(Charset.forName("GB18030"), Ingestions.encoding("GB18030"));
    assertThrows(IllegalArgumentException.class, () -> Ingestions.encoding("EBCDIC"));
    assertThrows(IllegalArgumentException.class, () -> Ingestions.encoding("no such thing"));
  }

  @Test
  void invalidResidentIdIsRejectedWithItsLineNumberAndMasked() throws Exception {
    String bad = ID2.substring(0, 17) + (ID2.charAt(17) == '1' ? '2' : '1');
    Ingestion i = ingest(file("P1," + ID1 + ",张三,100.00", "P2," + bad + ",李四,250.50"), UTF8);
    assertEquals(State.SUCCEEDED, i.state());
    assertEquals(2, i.rowsRead());
    assertEquals(1, i.rowsLoaded());
    assertEquals(1, i.rowsRejected());
    assertEquals(1, i.errors().size());
    String error = i.errors().get(0);
    assertTrue(error.startsWith("line 3: column payee_id"), error);
    assertTrue(error.contains("not a valid resident ID"), error);
    assertFalse(error.contains(bad), "the rejected ID is masked: " + error);
  }

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  @Test
  void allRejectedFailsAndKeepsThePreviousVersion() throws Exception {
    assertEquals(State.SUCCEEDED, ingest(file("P1," + ID1 + ",张三,100.00"), UTF8).state());
    Ingestion i = ingest(file("P2," + ID1 + ",李四,lots", "P3," + ID2 + ",王五,-"), UTF8);
    assertEquals(State.FAILED, i.state());
    assertEquals(2, i.rowsRead());
    assertEquals(0, i.rowsLoaded());
    assertEquals(2, i.rowsRejected());
    assertFalse(i.created());
    assertEquals(1, i.version());
    assertTrue(i.errors().get(0).startsWith("line 2:"), i.errors().toString());
    assertEquals(1, pool.dataset("relief_payments").orElseThrow().currentVersion());
    assertEquals(1, pool.dataset("relief_payments").orElseThrow().rows());
    assertEquals("data.ingestion.failed", audited.get(audited.size() - 1).action());
  }

  @Test
  void firstLoadWithNoGoodRowFailsWithoutAVersion() throws Exception {
    Ingestion i = ingest(file("P1,not-an-id,张三,abc"), UTF8);
    assertEquals(State.FAILED, i.state());
    assertNull(i.version());
    assertNull(pool.dataset("relief_payments").orElseThrow().currentVersion());
  }

  @Test
  void identicalFileSucceedsWithoutANewVersion() throws Exception {
    String csv = file("P1," + ID1 + ",张三,100.00");
    assertTrue(ingest(csv, UTF8).created());
    Ingestion again = ingest(csv, UTF8);
    assertEquals(State.SUCCEEDED, again.state());
    assertFalse(again.created());
    assertEquals(1, again.version());
    assertEquals(1, pool.dataset("relief_payments").orElseThrow().currentVersion());

    // forced: the same file becomes version 2
    Ingestion forced =
        ingestions.submit(
            "relief_payments",
            new ByteArrayInputStream(csv.getBytes(UTF8)),
            UTF8,
            "steward",
            "110000",
            true);
    long deadline = System.currentTimeMillis() + 20_000;
    while (!forced.finished() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      forced = ingestions.get(forced.id()).orElseThrow();
    }
    assertEquals(State.SUCCEEDED, forced.state(), forced.errors().toString());
    assertTrue(forced.created());
    assertEquals(2, forced.version());
    assertEquals(2, pool.dataset("relief_payments").orElseThrow().currentVersion());
  }

  @Test
  void wrongHeaderFailsWithTheReason() throws Exception {
    Ingestion i = ingest("a,b\n1,2\n", UTF8);
    assertEquals(State.FAILED, i.state());
    assertTrue(i.errors().get(0).contains("does not match"), i.errors().toString());
  }

  @Test
  void spooledUploadsAreDeletedAfterTheLoad() throws Exception {
    ingest(file("P1," + ID1 + ",张三,100.00"), UTF8);
    ingest(file("P1,x,张三,bad"), UTF8);
    try (var files = Files.list(dir.resolve("home/uploads"))) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void unknownDatasetIsRefusedAtSubmission() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ingestions.submit(
                "nope", new ByteArrayInputStream(new byte[0]), UTF8, "steward", "110000"));
    assertTrue(ingestions.get("nope").isEmpty());
  }

  @Test
  void purposeAndRetentionAreStored() {
    assertEquals(PAYMENTS, pool.dataset("relief_payments").orElseThrow().definition());
    assertTrue(pool.dataset("relief_payments").orElseThrow().cityWide());
  }

  @Test
  void loadRejectedExceptionCarriesTheCounts() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, file("P1,x,张三,bad"));
    LoadRejectedException e =
        assertThrows(
            LoadRejectedException.class,
            () -> pool.loadCsv("relief_payments", csv, "test", UTF8, p -> {}));
    assertEquals(1, e.result().rowsRejected());
  }
}
