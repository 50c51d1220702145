package org.mingjian.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.ModelException;
import org.mingjian.sdk.model.Row;

class ModelTestKitTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
  private static final String ZHANG = "110105194912310021";
  private static final String LI = "110105198001010012";
  private static final String WANG = "11010519900101003X";
  private static final String ZHAO = "110108197001010044";

  private static ModelTestKit sqlKit() {
    return withFixtures(ModelTestKit.fromClasspath("fixtures/model.json"));
  }

  private static ModelTestKit javaKit() {
    return withFixtures(ModelTestKit.fromClasspath("fixtures/java-model.json"));
  }

  private static ModelTestKit withFixtures(ModelTestKit kit) {
    return kit.dataset("persons", FIXTURES.resolve("persons.csv"))
        .dataset("withdrawals", FIXTURES.resolve("withdrawals.csv"))
        .cityWide("courts", FIXTURES.resolve("courts.csv"));
  }

  // ---------------------------------------------------------------- SQL-only model

  @Test
  void sqlModelFindsTheDistrictsClues() {
    TestRun run = sqlKit().run("110105");

    assertTrue(run.succeeded(), () -> String.valueOf(run.failure()));
    assertEquals(Set.of(ZHANG, WANG), run.subjects());
    assertEquals(Set.of("W001", "W003", "W005"), run.evidenceKeys("withdrawals"));
    assertEquals(Set.of(ZHANG, WANG), run.evidenceKeys("persons"));
    assertEquals(Set.of(), run.evidenceKeys("courts"));

    List<Clue> clues = run.clues();
    assertEquals(
        List.of("大额提取 W001", "大额提取 W003", "大额提取 W005"), clues.stream().map(Clue::title).toList());
    Clue w001 = clues.get(0);
    assertEquals("110105", w001.district());
    assertEquals(1.0, w001.score());
    Evidence withdrawal = w001.evidence().get(0);
    assertEquals("withdrawals", withdrawal.dataset());
    assertEquals(LocalDate.of(2024, 1, 15), withdrawal.fields().get("withdrawn_on"));
    assertEquals(12000.50, ((Number) withdrawal.fields().get("amount")).doubleValue());
    assertEquals("张三", w001.evidence().get(1).fields().get("name"));
  }

  @Test
  void otherDistrictSeesOnlyItsOwnRows() {
    TestRun run = sqlKit().run("110108");
    assertEquals(Set.of(ZHAO), run.subjects());
    assertEquals(Set.of("W004"), run.evidenceKeys("withdrawals"));
    assertEquals("110108", run.clues().get(0).district());
  }

  @Test
  void districtWithoutDataFindsNothing() {
    TestRun run = sqlKit().run("110101");
    assertTrue(run.succeeded(), () -> String.valueOf(run.failure()));
    assertEquals(List.of(), run.clues());
  }

  @Test
  void cityWideDatasetIsJoinedAcrossDistricts() {
    // W003 belongs to a 110105 person but names the court of 110108
    List<Clue> clues = sqlKit().run("110105").clues();
    assertEquals(
        List.of("北京市朝阳区人民法院", "北京市海淀区人民法院", "北京市朝阳区人民法院"),
        clues.stream().map(c -> c.fields().get("court_name")).toList());
  }

  @Test
  void parametersAreBoundAndChecked() {
    assertEquals(
        Set.of("W001"),
        sqlKit().run("110105", Map.of("minAmount", 10000)).evidenceKeys("withdrawals"));
    assertEquals(
        Set.of("W001", "W002", "W003", "W005"),
        sqlKit().run("110105", Map.of("minAmount", "0")).evidenceKeys("withdrawals"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sqlKit().run("110105", Map.of("minAmount", -1)));
    assertTrue(e.getMessage().contains("minAmount"), e.getMessage());
    assertTrue(e.getMessage().contains("below the minimum 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> sqlKit().run("110105", Map.of("days", 90)));
  }

  @Test
  void clueLimitFailsTheRunButKeepsWhatWasEmitted() {
    TestRun run = sqlKit().maxClues(2).run("110105");

    assertFalse(run.succeeded());
    assertEquals(2, run.partialClues().size());
    assertEquals(
        List.of("大额提取 W001", "大额提取 W003"), run.partialClues().stream().map(Clue::title).toList());
    AssertionError e = assertThrows(AssertionError.class, run::clues);
    assertEquals("the run failed: the run exceeded its limit of 2 clues", e.getMessage());
    assertSame(run.failure(), e.getCause());
    assertThrows(AssertionError.class, run::subjects);
    assertThrows(AssertionError.class, () -> run.evidenceKeys("withdrawals"));
    assertThrows(AssertionError.class, run::assertSucceeded);
  }

  @Test
  void sqlModelReadingAFileFails() {
    TestRun run =
        withFixtures(ModelTestKit.fromClasspath("fixtures/reads-file.json")).run("110105");
    assertFalse(run.succeeded());
    assertInstanceOf(ModelException.class, run.failure());
    assertEquals("table functions are not allowed: [read_csv]", run.failure().getMessage());
    assertEquals(List.of(), run.partialClues());
  }

  @Test
  void missingDatasetFailsTheRun() {
    TestRun run =
        ModelTestKit.fromClasspath("fixtures/model.json")
            .dataset("persons", FIXTURES.resolve("persons.csv"))
            .dataset("withdrawals", FIXTURES.resolve("withdrawals.csv"))
            .run("110105");
    assertFalse(run.succeeded());
    assertEquals("dataset 'courts' is not available", run.failure().getMessage());
  }

  // ---------------------------------------------------------------- CSV loading

  @Test
  void idColumnsStayTextAndKeepLeadingZeros() {
    List<Row> rows = new ArrayList<>();
    TestRun run =
        javaKit()
            .model(
                ctx ->
                    rows.addAll(
                        ctx.queryForList(
                            "SELECT w.person_id, w.court_code, w.district FROM withdrawals w"
                                + " ORDER BY w.withdrawal_id")))
            .run("110105");
    assertTrue(run.succeeded(), () -> String.valueOf(run.failure()));
    Row first = rows.get(0);
    assertInstanceOf(String.class, first.get("person_id"));
    assertEquals(ZHANG, first.get("person_id"));
    assertEquals("0105", first.get("court_code"));
    assertEquals("110105", first.get("district"));
    assertEquals(null, rows.get(1).get("court_code"), "an empty field is NULL");
  }

  @Test
  void otherColumnsAreTypedFromTheData() {
    List<Row> rows = new ArrayList<>();
    javaKit()
        .model(
            ctx ->
                rows.addAll(
                    ctx.queryForList(
                        "SELECT amount, withdrawn_on FROM withdrawals ORDER BY withdrawal_id")))
        .run("110105")
        .assertSucceeded();
    assertInstanceOf(Number.class, rows.get(0).get("amount"));
    assertEquals(LocalDate.of(2024, 1, 15), rows.get(0).get("withdrawn_on"));
  }

  @Test
  void explicitTypesWin() {
    List<Row> rows = new ArrayList<>();
    ModelTestKit.fromClasspath("fixtures/java-model.json")
        .dataset("persons", FIXTURES.resolve("persons.csv"))
        .dataset(
            "withdrawals",
            FIXTURES.resolve("withdrawals.csv"),
            Map.of("amount", "DECIMAL(14,2)", "withdrawn_on", "VARCHAR"))
        .cityWide("courts", FIXTURES.resolve("courts.csv"))
        .model(
            ctx ->
                rows.addAll(
                    ctx.queryForList(
                        "SELECT amount, withdrawn_on FROM withdrawals ORDER BY withdrawal_id")))
        .run("110105")
        .assertSucceeded();
    assertEquals(new BigDecimal("12000.50"), rows.get(0).get("amount"));
    assertEquals("2024-01-15", rows.get(0).get("withdrawn_on"));
  }

  @Test
  void districtDatasetsAreFilteredAndCityWideOnesAreNot() {
    List<String> persons = new ArrayList<>();
    List<String> courts = new ArrayList<>();
    javaKit()
        .model(
            ctx -> {
              ctx.query(
                  "SELECT person_id FROM persons ORDER BY person_id",
                  List.of(),
                  r -> persons.add(r.getString("person_id")));
              ctx.query(
                  "SELECT court_code FROM courts ORDER BY court_code",
                  List.of(),
                  r -> courts.add(r.getString("court_code")));
            })
        .run("110105")
        .assertSucceeded();
    assertEquals(List.of(ZHANG, LI, WANG), persons);
    assertEquals(List.of("0105", "0108"), courts);
  }

  @Test
  void byteOrderMarkInTheHeaderIsIgnored(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("persons.csv");
    Files.writeString(csv, "\uFEFFperson_id,name,district\n" + ZHANG + ",张三,110105\n");
    List<String> ids = new ArrayList<>();
    ModelTestKit.fromClasspath("fixtures/java-model.json")
        .dataset("persons", csv)
        .dataset("withdrawals", FIXTURES.resolve("withdrawals.csv"))
        .cityWide("courts", FIXTURES.resolve("courts.csv"))
        .model(
            ctx -> {
              for (Row r : ctx.queryForList("SELECT person_id FROM persons")) {
                ids.add((String) r.get("person_id"));
              }
            })
        .run("110105")
        .assertSucceeded();
    assertEquals(List.of(ZHANG), ids);
  }

  // ---------------------------------------------------------------- inline datasets

  @Test
  void inlineDatasetsAreFilteredByTheirDistrictColumn() {
    List<List<Object>> personRows =
        List.of(
            Arrays.asList(ZHANG, "张三", "110105"),
            Arrays.asList(ZHAO, "赵六", "110108"),
            Arrays.asList(LI, null, "110105"));
    List<List<Object>> withdrawalRows =
        List.of(
            Arrays.asList(
                "W9",
                ZHANG,
                "110105",
                new BigDecimal("9000.00"),
                LocalDate.of(2024, 5, 1),
                "0105"));
    List<List<Object>> courtRows = List.of(Arrays.<Object>asList("0105", "朝阳"));
    TestRun run =
        ModelTestKit.fromClasspath("fixtures/model.json")
            .inline("persons", List.of("person_id", "name", "district"), personRows)
            .inline(
                "withdrawals",
                List.of(
                    "withdrawal_id",
                    "person_id",
                    "district",
                    "amount",
                    "withdrawn_on",
                    "court_code"),
                withdrawalRows)
            .inline("courts", List.of("court_code", "court_name"), courtRows)
            .run("110105");

    assertEquals(Set.of(ZHANG), run.subjects());
    Clue clue = run.clues().get(0);
    assertEquals("大额提取 W9", clue.title());
    assertEquals("朝阳", clue.fields().get("court_name"));
    assertEquals(LocalDate.of(2024, 5, 1), clue.evidence().get(0).fields().get("withdrawn_on"));
  }

  @Test
  void inlineRowOfTheWrongLengthFailsTheRun() {
    TestRun run =
        javaKit()
            .inline(
                "courts",
                List.of("court_code", "court_name"),
                List.<List<Object>>of(List.<Object>of("0105")))
            .model(ctx -> {})
            .run("110105");
    assertFalse(run.succeeded());
    assertEquals("inline row 0 has 1 values for 2 columns", run.failure().getMessage());
  }

  // ---------------------------------------------------------------- Java models

  @Test
  void javaModelFailureKeepsPartialClues() {
    TestRun run =
        javaKit()
            .model(
                ctx -> {
                  ctx.emit(
                      Clue.builder()
                          .subject(ZHANG)
                          .title("first")
                          .evidence(Evidence.of("persons", ZHANG))
                          .build());
                  ctx.log().warn("giving up after {} clue", 1);
                  throw new java.io.IOException("disk on fire");
                })
            .run("110105");

    assertFalse(run.succeeded());
    assertEquals(1, run.partialClues().size());
    assertEquals("110105", run.partialClues().get(0).district());
    assertEquals(List.of("WARN giving up after 1 clue"), run.log());
    AssertionError e = assertThrows(AssertionError.class, run::clues);
    assertEquals("the run failed: disk on fire", e.getMessage());
  }

  @Test
  void javaModelReadingAFileFails() {
    TestRun run =
        javaKit().model(ctx -> ctx.queryForList("SELECT * FROM read_csv('x')")).run("110105");
    assertFalse(run.succeeded());
    assertEquals("table functions are not allowed: [read_csv]", run.failure().getMessage());
  }

  @Test
  void engineRefusesFileAccessEvenPastTheGuard() {
    // a second statement is not checked by the SQL guard (see runner's SqlGuardTest); the
    // engine itself must still refuse to read files
    String file = FIXTURES.resolve("persons.csv").toAbsolutePath().toString();
    List<Row> rows = new ArrayList<>();
    TestRun run =
        javaKit()
            .model(
                ctx ->
                    rows.addAll(
                        ctx.queryForList("SELECT 1 AS x; SELECT * FROM read_text('" + file + "')")))
            .run("110105");
    assertFalse(run.succeeded(), "rows read from the file: " + rows);
    assertTrue(rows.isEmpty());
  }

  @Test
  void javaDescriptorNeedsAModel() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> javaKit().run("110105"));
    assertTrue(e.getMessage().contains("needs model("), e.getMessage());
  }

  @Test
  void modelThrowingIllegalStateIsAFailedRun() {
    TestRun run =
        javaKit()
            .model(
                ctx -> {
                  throw new IllegalStateException("unexpected state");
                })
            .run("110105");
    assertFalse(run.succeeded());
    assertEquals("unexpected state", run.failure().getMessage());
  }

  // ---------------------------------------------------------------- descriptors

  @Test
  void descriptorIsReadFromTheClassPathOrAFile() {
    assertEquals(
        "large-withdrawal", ModelTestKit.fromClasspath("fixtures/model.json").descriptor().id());
    assertEquals(
        "large-withdrawal",
        ModelTestKit.fromFile(FIXTURES.resolve("model.json")).descriptor().id());
  }

  @Test
  void modelFromAFileFindsItsSqlNextToIt() {
    TestRun run = withFixtures(ModelTestKit.fromFile(FIXTURES.resolve("model.json"))).run("110105");
    assertEquals(Set.of("W001", "W003", "W005"), run.evidenceKeys("withdrawals"));
  }

  @Test
  void missingOrInvalidDescriptorIsRefused() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> ModelTestKit.fromClasspath("fixtures/nope.json"));
    assertTrue(missing.getMessage().contains("fixtures/nope.json"), missing.getMessage());

    IllegalArgumentException invalid =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModelTestKit.fromClasspath("fixtures/invalid-model.json"));
    assertTrue(invalid.getMessage().contains("id: 'Bad Id'"), invalid.getMessage());
    assertTrue(invalid.getMessage().contains("sql: a SQL model"), invalid.getMessage());
  }
}
