package org.mingjian.sdk.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.descriptor.BusinessLine;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.EvidenceMapping;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.ParameterType;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.descriptor.SqlOutput;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.model.Row;

class ModelExecutionTest {
  private static final String DISTRICT = "110105";
  private static final List<DatasetContract> DATASETS =
      List.of(
          new DatasetContract(
              "persons", List.of("person_id", "name", "district", "amount", "score", "born")),
          new DatasetContract("courts", List.of("court", "court_name")));
  private static final List<ParameterSpec> PARAMETERS =
      List.of(
          new ParameterSpec(
              "minAmount", ParameterType.DECIMAL, new BigDecimal("100"), 0.0, null, ""));

  private Connection connection;
  private final Map<String, PhysicalDataset> tables = new HashMap<>();
  private final Recorder listener = new Recorder();

  @BeforeEach
  void createTables() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA s");
      st.execute(
          "CREATE TABLE s.persons (person_id VARCHAR, name VARCHAR, district VARCHAR,"
              + " secret VARCHAR, amount DECIMAL(10,2), score DOUBLE, born DATE)");
      st.execute(
          "INSERT INTO s.persons VALUES"
              + " ('110105194912310021', '张三', '110105', 's1', 1500.50, 1.7, DATE '1949-12-31'),"
              + " ('110105198001010012', '李四', '110105', 's2', 20.00, -0.2, DATE '1980-01-01'),"
              + " ('110105199001010033', '王五', '110105', 's3', 300.00, NULL, DATE '1990-01-01'),"
              + " ('110108197001010044', '赵六', '110108', 's4', 9999.00, 0.5, DATE '1970-01-01')");
      st.execute("CREATE TABLE s.courts (court VARCHAR, court_name VARCHAR, district VARCHAR)");
      st.execute(
          "INSERT INTO s.courts VALUES ('0105', '朝阳法院', '110105'), ('0108', '海淀法院', '110108')");
    }
    tables.put("persons", new PhysicalDataset("s.persons", "district"));
    tables.put("courts", new PhysicalDataset("s.courts", null));
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  // ---------------------------------------------------------------- Java models

  @Test
  void javaModelSeesOnlyItsDistrictsRows() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> districts = new ArrayList<>();
    run(
        ctx -> {
          for (Row r :
              ctx.queryForList("SELECT person_id, district FROM persons ORDER BY person_id")) {
            ids.add(r.getString("person_id"));
            districts.add(r.getString("DISTRICT"));
          }
        });
    assertEquals(List.of("110105194912310021", "110105198001010012", "110105199001010033"), ids);
    assertEquals(List.of(DISTRICT, DISTRICT, DISTRICT), districts);
  }

  @Test
  void theRunsViewsAreGoneAfterwardsSoTheConnectionServesAnotherModel() throws Exception {
    run(ctx -> ctx.queryForList("SELECT name FROM persons"));
    try (Statement st = connection.createStatement()) {
      // the logical name no longer resolves on this connection
      assertThrows(SQLException.class, () -> st.executeQuery("SELECT * FROM persons"));
    }
    // a second model declaring fewer columns of the same dataset on the same connection (PostgreSQL
    // cannot CREATE OR REPLACE a view with fewer columns; a pooled connection outlives a run)
    ModelDescriptor narrow =
        descriptor(
            ModelKind.JAVA,
            List.of(new DatasetContract("persons", List.of("person_id"))),
            PARAMETERS,
            List.of(),
            null);
    AtomicReference<List<String>> columns = new AtomicReference<>();
    execution(narrow, DISTRICT, 10)
        .run(
            ctx -> columns.set(ctx.queryForList("SELECT * FROM persons LIMIT 1").get(0).columns()));
    assertEquals(List.of("person_id"), columns.get());
  }

  @Test
  void cityWideDatasetIsSeenWhole() throws Exception {
    List<String> courts = new ArrayList<>();
    run(
        ctx ->
            ctx.query(
                "SELECT court FROM courts ORDER BY court",
                List.of(),
                r -> courts.add(r.getString("court"))));
    assertEquals(List.of("0105", "0108"), courts);
  }

  @Test
  void javaModelSeesOnlyTheDeclaredColumns() throws Exception {
    AtomicReference<List<String>> columns = new AtomicReference<>();
    run(ctx -> columns.set(ctx.queryForList("SELECT * FROM persons LIMIT 1").get(0).columns()));
    assertEquals(
        List.of("person_id", "name", "district", "amount", "score", "born"), columns.get());
    assertFalse(columns.get().contains("secret"));
  }

  @Test
  void selectingAnUndeclaredColumnFails() {
    ModelException e =
        assertThrows(
            ModelException.class, () -> run(ctx -> ctx.queryForList("SELECT secret FROM persons")));
    assertTrue(e.getMessage().startsWith("query failed: "), e.getMessage());
    assertTrue(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void readingTheUnderlyingTableDirectlyIsRefused() {
    ModelException e =
        assertThrows(
            ModelException.class, () -> run(ctx -> ctx.queryForList("SELECT * FROM s.persons")));
    assertTrue(e.getMessage().contains("does not declare"), e.getMessage());
  }

  @Test
  void argumentsAreBoundAndTypedGettersWork() throws Exception {
    List<Row> rows = new ArrayList<>();
    run(
        ctx ->
            rows.addAll(
                ctx.queryForList(
                    "SELECT person_id, amount, born, score FROM persons"
                        + " WHERE amount >= ? AND born < ? ORDER BY person_id",
                    new BigDecimal("100"),
                    LocalDate.of(2000, 1, 1))));
    assertEquals(2, rows.size());
    Row first = rows.get(0);
    assertEquals(0, new BigDecimal("1500.50").compareTo(first.getDecimal("amount")));
    assertEquals(LocalDate.of(1949, 12, 31), first.getDate("born"));
    assertEquals(1.7, first.getDouble("score"));
    assertEquals(110105194912310021L, first.getLong("person_id"));
    assertNull(rows.get(1).getDouble("score"));
    ModelException e = assertThrows(ModelException.class, () -> first.get("secret"));
    assertTrue(e.getMessage().contains("no column 'secret'"), e.getMessage());
  }

  @Test
  void handlerReturningFalseStopsReading() throws Exception {
    List<String> seen = new ArrayList<>();
    run(
        ctx ->
            ctx.query(
                "SELECT person_id FROM persons ORDER BY person_id",
                null,
                r -> {
                  seen.add(r.getString("person_id"));
                  return false;
                }));
    assertEquals(List.of("110105194912310021"), seen);
  }

  @Test
  void clueWithoutDistrictGetsTheRunsDistrict() throws Exception {
    int emitted =
        run(
            ctx -> {
              ctx.emit(clue("110105194912310021", null, "persons"));
              ctx.log().info("emitted {} clue for {}", 1, ctx.modelId());
              ctx.progress(1.5);
              ctx.progress(Double.NaN);
            });
    assertEquals(1, emitted);
    assertEquals(1, listener.clues.size());
    assertEquals(DISTRICT, listener.clues.get(0).district());
    assertEquals("110105194912310021", listener.clues.get(0).subject());
    assertEquals(List.of("INFO emitted 1 clue for java-model"), listener.log);
    assertEquals(List.of(1.0, 0.0), listener.progress);
  }

  @Test
  void clueForAnotherDistrictIsRefused() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> run(ctx -> ctx.emit(clue("110108197001010044", "110108", "persons"))));
    assertEquals("clue for district 110108 emitted by a run for district 110105", e.getMessage());
    assertTrue(listener.clues.isEmpty());
  }

  @Test
  void evidenceFromAnUndeclaredDatasetIsRefused() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> run(ctx -> ctx.emit(clue("110105194912310021", null, "secrets"))));
    assertEquals(
        "evidence names dataset 'secrets', which the model does not declare", e.getMessage());
    assertTrue(listener.clues.isEmpty());
  }

  @Test
  void clueLimitStopsTheRun() {
    AtomicReference<Integer> attempted = new AtomicReference<>(0);
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                run(
                    ctx -> {
                      for (int i = 0; i < 5; i++) {
                        attempted.set(i + 1);
                        ctx.emit(clue("subject-" + i, null, "persons"));
                      }
                    },
                    2));
    assertEquals("the run exceeded its limit of 2 clues", e.getMessage());
    assertEquals(3, attempted.get());
    assertEquals(2, listener.clues.size());
  }

  @Test
  void missingDatasetFailsBeforeTheModelRuns() {
    tables.remove("courts");
    AtomicReference<Boolean> ran = new AtomicReference<>(false);
    ModelException e = assertThrows(ModelException.class, () -> run(ctx -> ran.set(true)));
    assertEquals("dataset 'courts' is not available", e.getMessage());
    assertFalse(ran.get());
  }

  @Test
  void datasetLackingADeclaredColumnFails() {
    tables.put("courts", new PhysicalDataset("s.persons", null));
    ModelException e = assertThrows(ModelException.class, () -> run(ctx -> {}));
    assertTrue(
        e.getMessage().startsWith("dataset 'courts' does not provide the declared columns"),
        e.getMessage());
  }

  @Test
  void districtMustBeSixDigits() {
    for (String bad : List.of("1101", "11010x", "110105' OR '1'='1")) {
      ModelException e =
          assertThrows(
              ModelException.class, () -> execution(javaDescriptor(), bad, 100).run(ctx -> {}));
      assertTrue(e.getMessage().startsWith("district must be a 6-digit code"), e.getMessage());
    }
  }

  @Test
  void aSecondStatementCannotChangeData() throws Exception {
    assertThrows(
        ModelException.class,
        () -> run(ctx -> ctx.queryForList("SELECT 1 AS x; DELETE FROM s.persons")));
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM s.persons")) {
      rs.next();
      assertEquals(4, rs.getLong(1), "rows of s.persons after the model's query");
    }
  }

  @Test
  void aSecondStatementCannotReadOtherDistricts() {
    List<String> districts = new ArrayList<>();
    assertThrows(
        ModelException.class,
        () ->
            run(
                ctx -> {
                  for (Row r : ctx.queryForList("SELECT 1 AS x; SELECT district FROM s.persons")) {
                    districts.add(r.getString("district"));
                  }
                }));
    assertFalse(districts.contains("110108"), "rows read: " + districts);
  }

  @Test
  void cancelFromAnotherThreadStopsALongQuery() throws Exception {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE s.nums AS SELECT range AS n FROM range(100000)");
    }
    tables.put("nums", new PhysicalDataset("s.nums", null));
    ModelDescriptor descriptor =
        descriptor(
            ModelKind.JAVA,
            List.of(new DatasetContract("nums", List.of("n"))),
            List.of(),
            List.of(),
            null);
    RunControl control = new RunControl();
    ModelExecution exec =
        ModelExecution.builder()
            .connection(connection)
            .descriptor(descriptor)
            .resolver(n -> Optional.ofNullable(tables.get(n)))
            .district(DISTRICT)
            .parameters(ParameterBinder.bind(descriptor, Map.of()))
            .listener(listener)
            .control(control)
            .build();
    // 10^15 combinations: never finishes on its own
    String sql = "SELECT sum(a.n * b.n * c.n) FROM nums a, nums b, nums c";
    // parse once so the run's own check is quick and the cancel below lands during execution
    SqlGuard.check(sql, java.util.Set.of("nums"));
    Thread runner = startRun(exec, sql);
    // let the statement reach the engine, then cancel once
    Thread.sleep(300);
    control.cancel();
    assertCancelled(runner, control);
  }

  @Test
  void cancelWhileTheQueryIsBeingCheckedStopsTheRun() throws Exception {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE s.nums AS SELECT range AS n FROM range(100000)");
    }
    tables.put("nums", new PhysicalDataset("s.nums", null));
    ModelDescriptor descriptor =
        descriptor(
            ModelKind.JAVA,
            List.of(new DatasetContract("nums", List.of("n"))),
            List.of(),
            List.of(),
            null);
    RunControl control = new RunControl();
    ModelExecution exec =
        ModelExecution.builder()
            .connection(connection)
            .descriptor(descriptor)
            .resolver(n -> Optional.ofNullable(tables.get(n)))
            .district(DISTRICT)
            .parameters(ParameterBinder.bind(descriptor, Map.of()))
            .listener(listener)
            .control(control)
            .build();
    // a long IN list takes the SQL parser a second or more, so the cancel below lands while
    // the statement is being checked, before it reaches the engine
    StringBuilder sql =
        new StringBuilder(
            "SELECT sum(a.n * b.n * c.n) FROM nums a, nums b, nums c WHERE a.n NOT IN (-1");
    for (int i = 2; i < 60_000; i++) {
      sql.append(", -").append(i);
    }
    Thread runner = startRun(exec, sql.append(')').toString());
    Thread.sleep(100);
    control.cancel();
    assertCancelled(runner, control);
  }

  private final AtomicReference<Throwable> runFailure = new AtomicReference<>();

  private Thread startRun(ModelExecution exec, String sql) throws InterruptedException {
    CountDownLatch querying = new CountDownLatch(1);
    Thread runner =
        new Thread(
            () -> {
              try {
                exec.run(
                    ctx -> {
                      querying.countDown();
                      ctx.queryForList(sql);
                    });
              } catch (Throwable t) {
                runFailure.set(t);
              }
            },
            "model-run");
    runner.setDaemon(true);
    runner.start();
    assertTrue(querying.await(30, TimeUnit.SECONDS), "the model did not start");
    return runner;
  }

  private void assertCancelled(Thread runner, RunControl control) throws InterruptedException {
    // a bound, not a timing assertion: without it a lost cancel would hang the build
    runner.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(runner.isAlive(), "the run went on after cancel()");
    assertTrue(control.isCancelled());
    ModelException e = assertInstanceOf(ModelException.class, runFailure.get());
    assertEquals("the run was cancelled", e.getMessage());
  }

  @Test
  void queryAfterCancelIsRefused() {
    RunControl control = new RunControl();
    control.cancel();
    ModelDescriptor d = javaDescriptor();
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                ModelExecution.builder()
                    .connection(connection)
                    .descriptor(d)
                    .resolver(n -> Optional.ofNullable(tables.get(n)))
                    .district(DISTRICT)
                    .parameters(ParameterBinder.bind(d, Map.of()))
                    .listener(listener)
                    .control(control)
                    .build()
                    .run(
                        ctx -> {
                          assertTrue(ctx.isCancelled());
                          ctx.queryForList("SELECT 1 AS x FROM persons");
                        }));
    assertEquals("the run was cancelled", e.getMessage());
  }

  // ---------------------------------------------------------------- SQL-only models

  private static final String SQL =
      "SELECT person_id, name, amount, score, NULL AS court\n"
          + "FROM persons WHERE amount >= :minAmount -- the threshold\n"
          + "ORDER BY person_id;\n";

  @Test
  void sqlModelTurnsRowsIntoClues() throws Exception {
    ModelDescriptor d = sqlDescriptor("score");
    int emitted = execution(d, DISTRICT, 100).runSql(SQL);

    assertEquals(2, emitted);
    assertEquals(2, listener.clues.size());
    Clue first = listener.clues.get(0);
    assertEquals("110105194912310021", first.subject());
    assertEquals(DISTRICT, first.district());
    assertEquals("提取金额 1500.50 元", first.title());
    assertEquals(1.0, first.score(), "1.7 is clamped to 1");
    assertEquals(1, first.evidence().size(), "evidence with a null key is skipped");
    Evidence ev = first.evidence().get(0);
    assertEquals("persons", ev.dataset());
    assertEquals("110105194912310021", ev.rowKey());
    assertEquals(java.util.Set.of("name", "amount"), ev.fields().keySet());
    assertEquals("张三", ev.fields().get("name"));
    assertEquals(0, new BigDecimal("1500.50").compareTo((BigDecimal) ev.fields().get("amount")));
    assertEquals(Map.of("amount", new BigDecimal("1500.50")), first.fields());

    Clue second = listener.clues.get(1);
    assertEquals("110105199001010033", second.subject());
    assertEquals("提取金额 300.00 元", second.title());
    assertEquals(0.0, second.score(), "a NULL score counts as 0");
    assertEquals(List.of(0.1, 1.0), listener.progress);
  }

  @Test
  void sqlModelScoreBelowZeroIsClampedAndParametersAreBound() throws Exception {
    ModelDescriptor d = sqlDescriptor("score");
    Map<String, Object> given = Map.of("minAmount", "10");
    ModelExecution exec =
        ModelExecution.builder()
            .connection(connection)
            .descriptor(d)
            .resolver(n -> Optional.ofNullable(tables.get(n)))
            .district(DISTRICT)
            .parameters(ParameterBinder.bind(d, given))
            .listener(listener)
            .build();
    assertEquals(3, exec.runSql(SQL));
    Clue li = listener.clues.get(1);
    assertEquals("110105198001010012", li.subject());
    assertEquals(0.0, li.score(), "-0.2 is clamped to 0");
  }

  @Test
  void sqlModelWithoutScoreColumnScoresOne() throws Exception {
    execution(sqlDescriptor(null), DISTRICT, 100).runSql(SQL);
    assertEquals(List.of(1.0, 1.0), listener.clues.stream().map(Clue::score).toList());
  }

  @Test
  void sqlModelUsingAnUndeclaredParameterFails() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                execution(sqlDescriptor("score"), DISTRICT, 100)
                    .runSql("SELECT * FROM persons WHERE amount > :maxAmount"));
    assertEquals("the SQL uses :maxAmount, which the descriptor does not declare", e.getMessage());
  }

  @Test
  void sqlModelClueLimitStopsTheRun() {
    ModelException e =
        assertThrows(
            ModelException.class, () -> execution(sqlDescriptor("score"), DISTRICT, 1).runSql(SQL));
    assertEquals("the run exceeded its limit of 1 clues", e.getMessage());
    assertEquals(1, listener.clues.size());
  }

  @Test
  void sqlModelQueryIsGuardedToo() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () ->
                execution(sqlDescriptor("score"), DISTRICT, 100)
                    .runSql("SELECT * FROM read_csv('/etc/passwd')"));
    assertEquals("table functions are not allowed: [read_csv]", e.getMessage());
  }

  @Test
  void javaDescriptorCannotRunSql() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> execution(javaDescriptor(), DISTRICT, 100).runSql("SELECT 1"));
    assertEquals("model java-model is not a SQL model", e.getMessage());
  }

  @Test
  void builderRequiresEveryPart() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> ModelExecution.builder().connection(connection).build());
    assertEquals("descriptor", e.getMessage());
  }

  // ---------------------------------------------------------------- helpers

  private int run(Model model) throws Exception {
    return run(model, 100_000);
  }

  private int run(Model model, int maxClues) throws Exception {
    return execution(javaDescriptor(), DISTRICT, maxClues).run(model);
  }

  private ModelExecution execution(ModelDescriptor d, String district, int maxClues)
      throws Exception {
    return ModelExecution.builder()
        .connection(connection)
        .descriptor(d)
        .resolver(n -> Optional.ofNullable(tables.get(n)))
        .district(district)
        .parameters(ParameterBinder.bind(d, Map.of()))
        .listener(listener)
        .maxClues(maxClues)
        .build();
  }

  private static ModelDescriptor javaDescriptor() {
    return descriptor(ModelKind.JAVA, DATASETS, PARAMETERS, List.of(), null);
  }

  private static ModelDescriptor sqlDescriptor(String scoreColumn) {
    SqlOutput out =
        new SqlOutput(
            "q.sql",
            "person_id",
            "提取金额 {amount} 元",
            scoreColumn,
            List.of(
                new EvidenceMapping(
                    "persons", "person_id", Map.of("name", "name", "amount", "amount")),
                new EvidenceMapping("courts", "court", Map.of())));
    return descriptor(
        ModelKind.SQL,
        DATASETS,
        PARAMETERS,
        List.of(
            new ClueFieldSpec("amount", "金额", Sensitivity.SENSITIVE),
            new ClueFieldSpec("not_in_result", "", Sensitivity.INTERNAL)),
        out);
  }

  private static ModelDescriptor descriptor(
      ModelKind kind,
      List<DatasetContract> datasets,
      List<ParameterSpec> parameters,
      List<ClueFieldSpec> fields,
      SqlOutput sql) {
    String id = kind == ModelKind.SQL ? "sql-model" : "java-model";
    return new ModelDescriptor(
        id,
        "n",
        "1.0.0",
        "p",
        "l",
        BusinessLine.CIVIL,
        DISTRICT,
        kind,
        datasets,
        parameters,
        fields,
        sql);
  }

  private static Clue clue(String subject, String district, String dataset) {
    return Clue.builder()
        .subject(subject)
        .district(district)
        .title("t")
        .evidence(Evidence.of(dataset, subject))
        .build();
  }

  private static final class Recorder implements RunListener {
    final List<Clue> clues = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    final List<Double> progress = new ArrayList<>();

    @Override
    public void clue(Clue clue) {
      clues.add(clue);
    }

    @Override
    public void progress(double fraction) {
      progress.add(fraction);
    }

    @Override
    public void log(String level, String message) {
      log.add(level + " " + message);
    }
  }
}
