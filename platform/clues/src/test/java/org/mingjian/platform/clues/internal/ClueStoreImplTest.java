package org.mingjian.platform.clues.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueWorkflowException;
import org.mingjian.platform.clues.Page;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

class ClueStoreImplTest {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final ClueFilter ALL = new ClueFilter(null, null, null);

  @TempDir Path home;
  private StateStoreImpl store;
  private ClueStoreImpl clues;

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:clues-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, home);
    clues = new ClueStoreImpl(store);
  }

  @Test
  void recordedClueIsStoredWithEverything() {
    Clue clue =
        Clue.builder()
            .subject("110105194912310021")
            .district("110105")
            .title("虚假诉讼提取公积金")
            .score(0.8)
            .evidence(
                Evidence.of("civil_judgments", "(2022)京0105民初1号")
                    .with("closed_on", LocalDate.of(2022, 3, 1))
                    .with("amount", new BigDecimal("120000.50"))
                    .with("agent_name", null))
            .evidence(Evidence.of("fund_withdrawals", "W001").with("reason", "COURT_ENFORCEMENT"))
            .field("withdrawals", 3)
            .field("first_seen_on", LocalDate.of(2024, 1, 2))
            .field("confirmed", true)
            .build();

    assertEquals(new RecordResult(1, 0), clues.record(MODEL, "1.0.0", "run-1", List.of(clue)));

    StoredClue stored = only(clues.list(ALL, 0, 10));
    assertEquals(stored, clues.get(stored.id()).orElseThrow());
    assertEquals(ClueStoreImpl.fingerprint(MODEL, clue), stored.fingerprint());
    assertEquals(MODEL, stored.modelId());
    assertEquals("1.0.0", stored.modelVersion());
    assertEquals("110105", stored.district());
    assertEquals("110105194912310021", stored.subject());
    assertEquals("虚假诉讼提取公积金", stored.title());
    assertEquals(0.8, stored.score());
    assertEquals("NEW", stored.state());
    assertEquals("run-1", stored.firstRunId());
    assertEquals("run-1", stored.lastRunId());
    assertEquals(stored.firstSeen(), stored.lastSeen());
    assertEquals(1, stored.seenCount());

    assertEquals(2, stored.evidence().size());
    Evidence judgment = stored.evidence().get(0);
    assertEquals("civil_judgments", judgment.dataset());
    assertEquals("(2022)京0105民初1号", judgment.rowKey());
    assertEquals("2022-03-01", judgment.fields().get("closed_on"), "a date is kept as ISO text");
    Number amount = assertInstanceOf(Number.class, judgment.fields().get("amount"));
    assertEquals(0, new BigDecimal("120000.50").compareTo(new BigDecimal(amount.toString())));
    assertTrue(judgment.fields().containsKey("agent_name"));
    assertEquals(null, judgment.fields().get("agent_name"));
    assertEquals("COURT_ENFORCEMENT", stored.evidence().get(1).fields().get("reason"));

    assertEquals(3, stored.fields().get("withdrawals"));
    assertEquals("2024-01-02", stored.fields().get("first_seen_on"));
    assertEquals(true, stored.fields().get("confirmed"));
  }

  @Test
  void sameFindingAgainUpdatesTheClueAndKeepsItsState() {
    clues.record(MODEL, "1.0.0", "run-1", List.of(clue("110105", "A", "k1", "k2")));
    StoredClue first = only(clues.list(ALL, 0, 10));
    setState(first.id(), "VERIFYING");

    // same model, district, subject and evidence keys (in another order, other fields, title)
    Clue again =
        Clue.builder()
            .subject("A")
            .district("110105")
            .title("another title")
            .score(0.1)
            .evidence(Evidence.of("persons", "k2").with("name", "x"))
            .evidence(Evidence.of("persons", "k1"))
            .build();
    assertEquals(new RecordResult(0, 1), clues.record(MODEL, "1.1.0", "run-2", List.of(again)));

    StoredClue updated = only(clues.list(ALL, 0, 10));
    assertEquals(first.id(), updated.id());
    assertEquals("VERIFYING", updated.state());
    assertEquals(2, updated.seenCount());
    assertEquals("run-1", updated.firstRunId());
    assertEquals("run-2", updated.lastRunId());
    assertEquals("1.1.0", updated.modelVersion());
    assertEquals(first.firstSeen(), updated.firstSeen());
    assertTrue(!updated.lastSeen().isBefore(first.lastSeen()));

    clues.record(MODEL, "1.1.0", "run-3", List.of(again));
    assertEquals(3, only(clues.list(ALL, 0, 10)).seenCount());
  }

  @Test
  void differentEvidenceKeysSubjectDistrictOrModelAreDifferentClues() {
    Clue base = clue("110105", "A", "k1");
    RecordResult r =
        clues.record(
            MODEL,
            "1.0.0",
            "run-1",
            List.of(
                base,
                clue("110105", "A", "k1", "k2"),
                clue("110105", "A", "k3"),
                clue("110105", "B", "k1"),
                clue("110108", "A", "k1")));
    assertEquals(new RecordResult(5, 0), r);
    assertEquals(
        new RecordResult(1, 0), clues.record("other-model", "1.0.0", "run-2", List.of(base)));
    assertEquals(6, clues.list(ALL, 0, 50).total());

    Set<String> fingerprints = new HashSet<>();
    for (StoredClue c : clues.list(ALL, 0, 50).items()) {
      fingerprints.add(c.fingerprint());
    }
    assertEquals(6, fingerprints.size());
    assertNotEquals(
        ClueStoreImpl.fingerprint(MODEL, base), ClueStoreImpl.fingerprint("other-model", base));
  }

  @Test
  void sameFindingTwiceInOneBatchIsOneClue() {
    Clue c = clue("110105", "A", "k1");
    RecordResult r =
        clues.record(MODEL, "1.0.0", "run-1", List.of(c, clue("110105", "A", "k1"), c));
    assertEquals(new RecordResult(1, 0), r);
    StoredClue stored = only(clues.list(ALL, 0, 10));
    assertEquals(1, stored.seenCount());
  }

  @Test
  void clueWithoutDistrictIsRefused() {
    Clue noDistrict =
        Clue.builder().subject("A").title("t").evidence(Evidence.of("persons", "k")).build();
    assertThrows(
        IllegalArgumentException.class,
        () -> clues.record(MODEL, "1.0.0", "run-1", List.of(clue("110105", "B", "k"), noDistrict)));
    assertEquals(0, clues.list(ALL, 0, 10).total(), "nothing of the batch was recorded");
  }

  @Test
  void emptyBatchRecordsNothing() {
    assertEquals(new RecordResult(0, 0), clues.record(MODEL, "1.0.0", "run-1", List.of()));
  }

  @Test
  void largeBatchIsRecordedAcrossChunks() {
    List<Clue> batch = batch(1_200);
    assertEquals(new RecordResult(1_200, 0), clues.record(MODEL, "1.0.0", "run-1", batch));
    batch.add(clue("110105", "new", "k"));
    assertEquals(new RecordResult(1, 1_200), clues.record(MODEL, "1.0.0", "run-2", batch));
    assertEquals(1_201, clues.list(ALL, 0, 1).total());
  }

  @Test
  void aRunThatReturnsItsCluesInAnotherOrderSeesEachOneAgain() {
    List<Clue> first = batch(1_300);
    clues.record(MODEL, "1.0.0", "run-1", first);
    Map<String, String> idBySubject = new HashMap<>();
    clues.list(ALL, 0, 5_000).items().forEach(c -> idBySubject.put(c.subject(), c.id()));

    // the same findings backwards, with new ones among them: written in the table's order
    List<Clue> again = new ArrayList<>();
    for (int i = first.size() - 1; i >= 0; i--) {
      again.add(first.get(i));
      if (i % 100 == 0) {
        again.add(clue("110105", "N" + i, "n" + i));
      }
    }
    assertEquals(new RecordResult(13, 1_300), clues.record(MODEL, "1.1.0", "run-2", again));

    Page<StoredClue> all = clues.list(ALL, 0, 5_000);
    assertEquals(1_313, all.total());
    for (StoredClue c : all.items()) {
      boolean isNew = c.subject().startsWith("N");
      assertEquals(isNew ? null : c.id(), idBySubject.get(c.subject()), c.subject());
      assertEquals(isNew ? 1 : 2, c.seenCount(), c.subject());
      assertEquals("run-2", c.lastRunId(), c.subject());
      assertEquals(isNew ? "run-2" : "run-1", c.firstRunId(), c.subject());
    }
  }

  @Test
  void sightingsAreWrittenInTheTablesOrderThenNewCluesInTheRunsOrder() {
    List<String> run = List.of("c", "a", "x", "b", "y");
    Map<UUID, Long> stored =
        Map.of(
            ClueStoreImpl.key(fp("a")), 30L,
            ClueStoreImpl.key(fp("b")), 10L,
            ClueStoreImpl.key(fp("c")), 20L);
    List<String> order = new ArrayList<>();
    List<Boolean> seen = new ArrayList<>();
    for (ClueStoreImpl.Sighting s :
        ClueStoreImpl.inWritingOrder(
            run.stream().map(ClueStoreImplTest::fp).toList(),
            run.stream().map(x -> ClueStoreImpl.key(fp(x))).toList(),
            stored)) {
      order.add(s.fingerprint());
      seen.add(s.seen());
    }
    assertEquals(List.of(fp("b"), fp("c"), fp("a"), fp("x"), fp("y")), order);
    assertEquals(List.of(true, true, true, false, false), seen);
  }

  @Test
  void h2TellsWhereEachStoredClueIsInTheOrderTheyWereStored() {
    clues.record(
        MODEL,
        "1.0.0",
        "run-1",
        List.of(clue("110105", "a", "a"), clue("110105", "b", "b"), clue("110105", "c", "c")));
    List<UUID> asked =
        List.of(
            ClueStoreImpl.key(fp("c")),
            ClueStoreImpl.key(fp("never")),
            ClueStoreImpl.key(fp("a")),
            ClueStoreImpl.key(fp("b")));
    Map<UUID, Long> where =
        store.inTransaction(
            c -> ClueStoreImpl.existing(c, asked, ClueStoreImpl.Tuning.H2.rowPosition()));
    assertEquals(Set.of(asked.get(0), asked.get(2), asked.get(3)), where.keySet());
    assertTrue(where.get(asked.get(2)) < where.get(asked.get(3)), where.toString());
    assertTrue(where.get(asked.get(3)) < where.get(asked.get(0)), where.toString());
  }

  /** A fingerprint, as ClueStoreImpl makes them, of a one-key clue. */
  private static String fp(String subject) {
    return ClueStoreImpl.fingerprint(MODEL, clue("110105", subject, subject));
  }

  @Test
  void aLargeRunThatFailsHalfwayLeavesNothingBehind() {
    List<Clue> batch = batch(1_200);
    clues.record(MODEL, "1.0.0", "run-1", batch);
    String verifying = subjectId("S7");
    setState(verifying, "VERIFYING");

    // run-2 sees the 1 200 again and finds 700 more; the 500th of those has a district the table
    // refuses, so the fourth of its four transactions fails after three were committed
    List<Clue> second = new ArrayList<>(batch);
    for (int i = 0; i < 700; i++) {
      second.add(clue(i == 500 ? "1101050" : "110105", "N" + i, "n" + i));
    }
    assertThrows(RuntimeException.class, () -> clues.record(MODEL, "1.1.0", "run-2", second));

    assertEquals(1_200, clues.list(ALL, 0, 1).total(), "none of run-2's new clues is left");
    assertEquals(1_200, count("SELECT COUNT(*) FROM clues"), "not even out of sight");
    assertEquals(1_200, count("SELECT COUNT(*) FROM clue_sightings"), "nor a sighting of one");
    assertEquals(0, count("SELECT COUNT(*) FROM clue_rows WHERE seen_count <> 1"));
    assertEquals(0, count("SELECT COUNT(*) FROM clue_rows WHERE last_run_id <> 'run-1'"));
    assertEquals(0, count("SELECT COUNT(*) FROM clue_rows WHERE model_version <> '1.0.0'"));
    assertEquals(0, count("SELECT COUNT(*) FROM clue_rows WHERE versions <> '|1.0.0|'"));
    assertEquals(0, count("SELECT COUNT(*) FROM clue_recordings"));
    assertEquals("VERIFYING", clues.get(verifying).orElseThrow().state());

    // and the same run, without the bad clue, goes through
    second.remove(1_200 + 500);
    assertEquals(new RecordResult(699, 1_200), clues.record(MODEL, "1.1.0", "run-3", second));
    assertEquals(1_899, clues.list(ALL, 0, 1).total());
  }

  @Test
  void aRecordingCutShortByACrashIsHiddenThenUndoneAtTheNextStart() {
    clues.record(
        MODEL, "1.0.0", "run-1", List.of(clue("110105", "A", "a"), clue("110105", "B", "b")));
    StoredClue a = clues.get(subjectId("A")).orElseThrow();
    // what a crash in the middle of run-2 leaves: A seen again, C written, the run still listed
    clues.record(
        MODEL, "1.1.0", "run-2", List.of(clue("110105", "A", "a"), clue("110105", "C", "c")));
    String c = subjectId("C");
    markRecording("run-2");

    assertEquals(Set.of("A", "B"), subjects(ALL), "an unfinished run's new clues are not shown");
    assertTrue(clues.get(c).isEmpty());
    assertEquals(2, clues.metrics(MODEL, null).get(0).clues());
    ClueWorkflowException hidden =
        assertThrows(
            ClueWorkflowException.class,
            () -> clues.transition(c, "VERIFYING", null, null, null, "lead"));
    assertEquals(ClueWorkflowException.Kind.NOT_FOUND, hidden.kind());

    ClueStoreImpl restarted = new ClueStoreImpl(store);

    assertEquals(0, count("SELECT COUNT(*) FROM clue_recordings"));
    assertEquals(0, count("SELECT COUNT(*) FROM clues WHERE first_run_id = 'run-2'"));
    StoredClue back = restarted.get(a.id()).orElseThrow();
    assertEquals(1, back.seenCount());
    assertEquals("run-1", back.lastRunId());
    assertEquals("1.0.0", back.modelVersion());
    assertEquals(a.lastSeen(), back.lastSeen());
    assertEquals(
        new RecordResult(1, 1),
        restarted.record(
            MODEL, "1.1.0", "run-3", List.of(clue("110105", "A", "a"), clue("110105", "C", "c"))));
  }

  @Test
  void aLargeRunLeavesAnotherRunsRecordingInProgressAlone() {
    // another model's large run, being recorded at this moment: its new clue is not shown yet
    clues.record("other-model", "1.0.0", "run-other", List.of(clue("110105", "O", "o")));
    markRecording("run-other");

    List<Clue> batch = batch(1_200);
    assertEquals(new RecordResult(1_200, 0), clues.record(MODEL, "1.0.0", "run-1", batch));

    assertEquals(1, count("SELECT COUNT(*) FROM clue_recordings WHERE run_id = 'run-other'"));
    assertEquals(1, count("SELECT COUNT(*) FROM clues WHERE first_run_id = 'run-other'"));
    assertEquals(1_200, clues.list(ALL, 0, 1).total());
  }

  @Test
  void twoLargeRunsOfTheSameModelAtOnceTakeTurnsAndDuplicateNothing() throws Exception {
    List<Clue> batch = batch(1_200);
    java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = two.submit(() -> clues.record(MODEL, "1.0.0", "run-1", batch));
      var second = two.submit(() -> clues.record(MODEL, "1.0.0", "run-2", batch));
      // without turns both would look up 1 200 unknown clues and one would fail on the unique key
      RecordResult a = first.get();
      RecordResult b = second.get();
      assertEquals(1_200, a.created() + b.created());
      assertEquals(1_200, a.updated() + b.updated());
    } finally {
      two.shutdownNow();
    }
    assertEquals(1_200, clues.list(ALL, 0, 1).total());
    assertEquals(0, count("SELECT COUNT(*) FROM clue_rows WHERE seen_count <> 2"));
  }

  @Test
  void theDeduplicationKeyIsTheFingerprintsFirstHalf() {
    Clue c = clue("110105", "A", "a");
    clues.record(MODEL, "1.0.0", "run-1", List.of(c));
    String fp = ClueStoreImpl.fingerprint(MODEL, c);
    UUID key = ClueStoreImpl.key(fp);
    assertEquals(fp.substring(0, 32), key.toString().replace("-", ""));
    assertEquals(
        1,
        count(
            "SELECT COUNT(*) FROM clues WHERE fingerprint_key = CAST(SUBSTRING(fingerprint, 1, 32) AS UUID)"));
  }

  @Test
  void listFiltersByDistrictModelAndState() {
    clues.record(
        MODEL,
        "1.0.0",
        "run-1",
        List.of(clue("110105", "A", "1"), clue("110105", "B", "2"), clue("110108", "C", "3")));
    clues.record("other-model", "1.0.0", "run-2", List.of(clue("110105", "D", "4")));
    String b = subjectId("B");
    setState(b, "DISMISSED");

    assertEquals(Set.of("A", "B", "D"), subjects(new ClueFilter("110105", null, null)));
    assertEquals(Set.of("C"), subjects(new ClueFilter("110108", null, null)));
    assertEquals(Set.of("A", "B", "C"), subjects(new ClueFilter(null, MODEL, null)));
    assertEquals(Set.of("A", "B"), subjects(new ClueFilter("110105", MODEL, null)));
    assertEquals(Set.of("B"), subjects(new ClueFilter(null, null, "DISMISSED")));
    assertEquals(Set.of("A", "D"), subjects(new ClueFilter("110105", null, "NEW")));
    assertEquals(Set.of(), subjects(new ClueFilter("110101", null, null)));
    assertEquals(0, clues.list(new ClueFilter("110101", null, null), 0, 10).total());
  }

  @Test
  void listPagesWithTheRightTotal() {
    List<Clue> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(clue("110105", "S" + i, "k" + i));
    }
    clues.record(MODEL, "1.0.0", "run-1", batch);

    Page<StoredClue> page0 = clues.list(ALL, 0, 2);
    Page<StoredClue> page1 = clues.list(ALL, 1, 2);
    Page<StoredClue> page2 = clues.list(ALL, 2, 2);
    Page<StoredClue> page3 = clues.list(ALL, 3, 2);

    assertEquals(5, page1.total());
    assertEquals(1, page1.page());
    assertEquals(2, page1.size());
    assertEquals(2, page0.items().size());
    assertEquals(2, page1.items().size());
    assertEquals(1, page2.items().size());
    assertEquals(0, page3.items().size());
    assertEquals(5, page3.total());

    Set<String> ids = new HashSet<>();
    for (Page<StoredClue> p : List.of(page0, page1, page2)) {
      p.items().forEach(c -> ids.add(c.id()));
    }
    assertEquals(5, ids.size(), "pages overlap or miss clues");
  }

  @Test
  void listShowsRecentlySeenCluesFirst() throws Exception {
    clues.record(MODEL, "1.0.0", "run-1", List.of(clue("110105", "old", "1")));
    Thread.sleep(10);
    clues.record(MODEL, "1.0.0", "run-2", List.of(clue("110105", "new", "2")));
    assertEquals(
        List.of("new", "old"),
        clues.list(ALL, 0, 10).items().stream().map(StoredClue::subject).toList());
  }

  @Test
  void unknownIdGivesNothing() {
    assertTrue(clues.get(UUID.randomUUID().toString()).isEmpty());
    assertTrue(clues.get("x".repeat(37)).isEmpty());
    assertTrue(clues.get(null).isEmpty());
  }

  // ---------------------------------------------------------------- helpers

  private static Clue clue(String district, String subject, String... keys) {
    Clue.Builder b = Clue.builder().subject(subject).district(district).title("t " + subject);
    for (String k : keys) {
      b.evidence(Evidence.of("persons", k));
    }
    return b.build();
  }

  /** {@code n} distinct clues of district 110105, subjects S0, S1, ... */
  private static List<Clue> batch(int n) {
    List<Clue> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(clue("110105", "S" + i, "k" + i));
    }
    return out;
  }

  private static StoredClue only(Page<StoredClue> page) {
    assertEquals(1, page.total(), page.items().toString());
    assertEquals(1, page.items().size());
    return page.items().get(0);
  }

  private Set<String> subjects(ClueFilter filter) {
    Set<String> out = new HashSet<>();
    clues.list(filter, 0, 50).items().forEach(c -> out.add(c.subject()));
    return out;
  }

  private String subjectId(String subject) {
    return clues.list(ALL, 0, 5_000).items().stream()
        .filter(c -> c.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .id();
  }

  /** Lists the run in clue_recordings, as while its clues are being written. */
  private void markRecording(String runId) {
    store.inTransaction(c -> ClueStoreImpl.insertRecording(c, runId, MODEL, Instant.now()));
  }

  private long count(String sql) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql);
              java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private void setState(String id, String state) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE clues SET state = ? WHERE id = ?")) {
            ps.setString(1, state);
            ps.setString(2, id);
            return ps.executeUpdate();
          }
        });
  }
}
