package org.mingjian.platform.clues.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.ClueWorkflowException;
import org.mingjian.platform.clues.ClueWorkflowException.Kind;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/** The clue workflow against a real (H2) state store. */
class ClueWorkflowTest {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final String CHAOYANG = "110105";
  private static final String HAIDIAN = "110108";

  @TempDir Path home;
  private StateStoreImpl store;
  private ClueStoreImpl clues;

  @BeforeEach
  void open() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:workflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, home);
    clues = new ClueStoreImpl(store);
    user("chaoyang.analyst", CHAOYANG, "ANALYST");
    user("chaoyang.multi", CHAOYANG, "DEVELOPER,ANALYST");
    user("chaoyang.dev", CHAOYANG, "DEVELOPER");
    user("haidian.analyst", HAIDIAN, "ANALYST");
  }

  // ---------------------------------------------------------------- transitions

  @Test
  void happyPathNewAssignedVerifyingConfirmed() {
    String id = newClue(CHAOYANG, "A");
    StoredClue assigned =
        clues.transition(id, "ASSIGNED", "please verify", null, "chaoyang.analyst", "lead");
    assertEquals("ASSIGNED", assigned.state());
    assertEquals("chaoyang.analyst", assigned.assignee());
    assertTrue(assigned.stateChangedAt() != null);

    StoredClue verifying = clues.transition(id, "VERIFYING", null, null, null, "chaoyang.analyst");
    assertEquals("VERIFYING", verifying.state());
    assertEquals("chaoyang.analyst", verifying.assignee(), "verifying keeps the assignee");

    StoredClue confirmed =
        clues.transition(id, "CONFIRMED", "filed", "CASE_FILED", null, "chaoyang.analyst");
    assertEquals("CONFIRMED", confirmed.state());
    assertEquals("CASE_FILED", confirmed.disposition());
    assertTrue(confirmed.isFinal());
    assertEquals(confirmed, clues.get(id).orElseThrow());
  }

  @Test
  void everyAllowedStepAndNoOther() {
    List<String> states = List.of("NEW", "ASSIGNED", "VERIFYING", "CONFIRMED", "DISMISSED");
    Map<String, List<String>> allowed =
        Map.of(
            "NEW", List.of("ASSIGNED", "VERIFYING"),
            "ASSIGNED", List.of("VERIFYING", "DISMISSED"),
            "VERIFYING", List.of("CONFIRMED", "DISMISSED"),
            "CONFIRMED", List.of(),
            "DISMISSED", List.of());
    int n = 0;
    for (String from : states) {
      for (String to : states) {
        String id = newClue(CHAOYANG, "S" + n++);
        setState(id, from);
        String assignee = to.equals("ASSIGNED") ? "chaoyang.analyst" : null;
        String disposition = to.equals("CONFIRMED") ? "PROTEST" : null;
        if (allowed.get(from).contains(to)) {
          assertEquals(
              to, clues.transition(id, to, null, disposition, assignee, "a").state(), from);
        } else {
          ClueWorkflowException e =
              assertThrows(
                  ClueWorkflowException.class,
                  () -> clues.transition(id, to, null, disposition, assignee, "a"),
                  from + " -> " + to);
          assertEquals(Kind.CONFLICT, e.kind(), from + " -> " + to);
          assertEquals(from, clues.get(id).orElseThrow().state());
          assertTrue(clues.events(id).isEmpty());
        }
      }
    }
  }

  @Test
  void unknownStateOrClueIsRefused() {
    String id = newClue(CHAOYANG, "A");
    assertEquals(Kind.INVALID, refused(id, "CLOSED", null, null));
    assertEquals(Kind.INVALID, refused(id, null, null, null));
    assertEquals(
        Kind.NOT_FOUND,
        assertThrows(
                ClueWorkflowException.class,
                () ->
                    clues.transition(
                        UUID.randomUUID().toString(), "VERIFYING", null, null, null, "a"))
            .kind());
    assertEquals("NEW", clues.get(id).orElseThrow().state());
  }

  @Test
  void confirmingNeedsAKnownDisposition() {
    String id = newClue(CHAOYANG, "A");
    clues.transition(id, "VERIFYING", null, null, null, "a");
    assertEquals(Kind.INVALID, refused(id, "CONFIRMED", null, null));
    assertEquals(Kind.INVALID, refused(id, "CONFIRMED", "FINE", null));
    assertEquals(Kind.INVALID, refused(id, "DISMISSED", "PROTEST", null), "only with CONFIRMED");
    assertEquals("VERIFYING", clues.get(id).orElseThrow().state());
    for (String d :
        List.of(
            "PROCURATORIAL_RECOMMENDATION",
            "PROTEST",
            "RETRIAL_RECOMMENDATION",
            "REFERRAL",
            "CASE_FILED")) {
      String other = newClue(CHAOYANG, d);
      clues.transition(other, "VERIFYING", null, null, null, "a");
      assertEquals(d, clues.transition(other, "CONFIRMED", null, d, null, "a").disposition());
    }
  }

  @Test
  void assigningNeedsAnAnalystOfTheCluesDistrict() {
    String id = newClue(CHAOYANG, "A");
    assertEquals(Kind.INVALID, refused(id, "ASSIGNED", null, null));
    assertEquals(Kind.INVALID, refused(id, "ASSIGNED", null, "nobody"));
    assertEquals(Kind.INVALID, refused(id, "ASSIGNED", null, "chaoyang.dev"), "not an analyst");
    assertEquals(Kind.INVALID, refused(id, "ASSIGNED", null, "haidian.analyst"), "other district");
    assertEquals(Kind.INVALID, refused(id, "VERIFYING", null, "chaoyang.analyst"), "only assign");
    StoredClue c = clues.get(id).orElseThrow();
    assertEquals("NEW", c.state());
    assertNull(c.assignee());
    assertEquals(
        "chaoyang.multi",
        clues.transition(id, "ASSIGNED", null, null, "chaoyang.multi", "a").assignee());
  }

  @Test
  void tooLongNoteIsRefused() {
    String id = newClue(CHAOYANG, "A");
    assertEquals(
        Kind.INVALID,
        assertThrows(
                ClueWorkflowException.class,
                () -> clues.transition(id, "VERIFYING", "x".repeat(4001), null, null, "a"))
            .kind());
    assertEquals(
        "VERIFYING", clues.transition(id, "VERIFYING", "x".repeat(4000), null, null, "a").state());
  }

  // ---------------------------------------------------------------- history and comments

  @Test
  void historyHoldsTransitionsAndCommentsOldestFirst() {
    String id = newClue(CHAOYANG, "A");
    clues.transition(id, "ASSIGNED", "to you", null, "chaoyang.analyst", "lead");
    ClueEvent comment = clues.comment(id, "研判会商: the lender appears in 7 cases", "colleague");
    clues.transition(id, "VERIFYING", null, null, null, "chaoyang.analyst");
    clues.transition(
        id, "CONFIRMED", "sent", "PROCURATORIAL_RECOMMENDATION", null, "chaoyang.analyst");
    clues.comment(id, "recommendation accepted by the court", "chaoyang.analyst");

    List<ClueEvent> history = clues.events(id);
    assertEquals(5, history.size());
    assertEquals(
        List.of("TRANSITION", "COMMENT", "TRANSITION", "TRANSITION", "COMMENT"),
        history.stream().map(ClueEvent::kind).toList());
    ClueEvent first = history.get(0);
    assertEquals("NEW", first.fromState());
    assertEquals("ASSIGNED", first.toState());
    assertEquals("to you", first.note());
    assertEquals("chaoyang.analyst", first.assignee());
    assertEquals("lead", first.actor());
    assertEquals(comment, history.get(1));
    assertEquals("COMMENT", comment.kind());
    assertEquals("colleague", comment.actor());
    assertNull(comment.fromState());
    assertEquals("研判会商: the lender appears in 7 cases", comment.note());
    assertEquals("PROCURATORIAL_RECOMMENDATION", history.get(3).disposition());
    for (int i = 1; i < history.size(); i++) {
      assertTrue(history.get(i).id() > history.get(i - 1).id());
      assertTrue(!history.get(i).at().isBefore(history.get(i - 1).at()));
    }
    assertTrue(clues.events(newClue(CHAOYANG, "B")).isEmpty());
    assertTrue(clues.events(UUID.randomUUID().toString()).isEmpty());
  }

  @Test
  void commentsNeedOneTo4000CharactersAndAKnownClue() {
    String id = newClue(CHAOYANG, "A");
    for (String bad : new String[] {null, "", "   ", "x".repeat(4001)}) {
      assertEquals(
          Kind.INVALID,
          assertThrows(ClueWorkflowException.class, () -> clues.comment(id, bad, "a")).kind());
    }
    assertEquals(
        Kind.NOT_FOUND,
        assertThrows(
                ClueWorkflowException.class,
                () -> clues.comment(UUID.randomUUID().toString(), "text", "a"))
            .kind());
    clues.comment(id, "x", "a");
    clues.comment(id, "y".repeat(4000), "a");
    assertEquals(2, clues.events(id).size());
    assertEquals("NEW", clues.get(id).orElseThrow().state(), "a comment changes no state");
  }

  // ---------------------------------------------------------------- re-running a model

  @Test
  void dismissedClueSeenAgainStaysDismissed() {
    Clue finding = clue(CHAOYANG, "A");
    clues.record(MODEL, "1.0.0", "run-1", List.of(finding));
    String id = clues.list(new ClueFilter(null, null, null), 0, 10).items().get(0).id();
    clues.transition(id, "ASSIGNED", null, null, "chaoyang.analyst", "a");
    StoredClue dismissed = clues.transition(id, "DISMISSED", "no fraud", null, null, "a");

    assertEquals(new RecordResult(0, 1), clues.record(MODEL, "1.0.1", "run-2", List.of(finding)));
    StoredClue again = clues.get(id).orElseThrow();
    assertEquals("DISMISSED", again.state());
    assertEquals("chaoyang.analyst", again.assignee());
    assertEquals(dismissed.stateChangedAt(), again.stateChangedAt());
    assertEquals(2, again.seenCount());
    assertEquals(2, clues.events(id).size(), "re-recording adds no history");
  }

  // ---------------------------------------------------------------- age

  @Test
  void ageCountsUntilNowWhileOpenAndUntilTheFinalStateAfter() {
    Instant first = Instant.parse("2026-01-01T00:00:00Z");
    Instant now = Instant.parse("2026-01-11T12:00:00Z");
    StoredClue open = stored("VERIFYING", first, Instant.parse("2026-01-03T00:00:00Z"));
    assertEquals(10, open.ageDays(now));
    StoredClue done = stored("CONFIRMED", first, Instant.parse("2026-01-04T01:00:00Z"));
    assertEquals(3, done.ageDays(now));
    assertEquals(3, done.ageDays());
    assertEquals(0, stored("NEW", Instant.now(), null).ageDays());
  }

  // ---------------------------------------------------------------- metrics

  @Test
  void metricsPerModelAndDistrictWithConversionRateAndMedianDays() {
    List<String> chaoyang = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      chaoyang.add(newClue(CHAOYANG, "C" + i));
    }
    String haidian = newClue(HAIDIAN, "H");
    clues.record("other-model", "1.0.0", "run-x", List.of(clue(CHAOYANG, "O")));

    confirm(chaoyang.get(0), 2);
    confirm(chaoyang.get(1), 4);
    dismiss(chaoyang.get(2), 10);
    clues.transition(chaoyang.get(3), "VERIFYING", null, null, null, "a");

    List<ClueMetrics> all = clues.metrics(null, null);
    assertEquals(3, all.size(), all.toString());
    ClueMetrics c = clues.metrics(MODEL, CHAOYANG).get(0);
    assertEquals(new ClueMetrics(MODEL, CHAOYANG, 6, 2, 1, 3, 2.0 / 3, 4.0), c);

    ClueMetrics h = clues.metrics(MODEL, HAIDIAN).get(0);
    assertEquals(new ClueMetrics(MODEL, HAIDIAN, 1, 0, 0, 1, null, null), h);
    assertEquals(2, clues.metrics(MODEL, null).size());
    assertEquals(2, clues.metrics(null, CHAOYANG).size());
    assertTrue(clues.metrics("no-model", null).isEmpty());

    dismiss(haidian, 1);
    assertEquals(0.0, clues.metrics(MODEL, HAIDIAN).get(0).conversionRate());
    dismiss(chaoyang.get(3), 20);
    assertEquals(0.5, clues.metrics(MODEL, CHAOYANG).get(0).conversionRate());
    assertEquals(7.0, clues.metrics(MODEL, CHAOYANG).get(0).medianDaysToDisposition());
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertNull(ClueStoreImpl.median(List.of()));
    assertEquals(3.0, ClueStoreImpl.median(List.of(5L, 1L, 3L)));
    assertEquals(2.5, ClueStoreImpl.median(List.of(4L, 1L, 3L, 2L)));
  }

  // ---------------------------------------------------------------- bulk

  @Test
  void bulkMovesAllTogether() {
    List<String> ids = List.of(newClue(CHAOYANG, "A"), newClue(CHAOYANG, "B"));
    List<StoredClue> moved =
        clues.transitionAll(ids, "ASSIGNED", "batch", null, "chaoyang.analyst", "lead");
    assertEquals(ids, moved.stream().map(StoredClue::id).toList());
    for (String id : ids) {
      assertEquals("ASSIGNED", clues.get(id).orElseThrow().state());
      assertEquals(1, clues.events(id).size());
    }
  }

  @Test
  void bulkIsAllOrNothing() {
    String a = newClue(CHAOYANG, "A");
    String b = newClue(CHAOYANG, "B");
    String c = newClue(CHAOYANG, "C");
    String h = newClue(HAIDIAN, "H");
    setState(b, "DISMISSED");
    setState(c, "CONFIRMED");

    ClueWorkflowException conflict =
        assertThrows(
            ClueWorkflowException.class,
            () -> clues.transitionAll(List.of(a, b, c), "VERIFYING", null, null, null, "x"));
    assertEquals(Kind.CONFLICT, conflict.kind());
    assertEquals(List.of(b, c), conflict.clueIds(), "the ids that may not move");

    String unknown = UUID.randomUUID().toString();
    ClueWorkflowException missing =
        assertThrows(
            ClueWorkflowException.class,
            () -> clues.transitionAll(List.of(a, unknown), "VERIFYING", null, null, null, "x"));
    assertEquals(Kind.NOT_FOUND, missing.kind());
    assertEquals(List.of(unknown), missing.clueIds());

    // an assignee of Chaoyang is no assignee for the Haidian clue
    assertEquals(
        Kind.INVALID,
        assertThrows(
                ClueWorkflowException.class,
                () ->
                    clues.transitionAll(
                        List.of(a, h), "ASSIGNED", null, null, "chaoyang.analyst", "x"))
            .kind());
    assertEquals(
        Kind.INVALID,
        assertThrows(
                ClueWorkflowException.class,
                () -> clues.transitionAll(List.of(a, a), "VERIFYING", null, null, null, "x"))
            .kind());
    assertEquals(
        Kind.INVALID,
        assertThrows(
                ClueWorkflowException.class,
                () -> clues.transitionAll(List.of(), "VERIFYING", null, null, null, "x"))
            .kind());

    assertEquals("NEW", clues.get(a).orElseThrow().state());
    assertEquals("NEW", clues.get(h).orElseThrow().state());
    assertTrue(clues.events(a).isEmpty());
    assertTrue(clues.events(h).isEmpty());
  }

  // ---------------------------------------------------------------- helpers

  private ClueWorkflowException.Kind refused(
      String id, String to, String disposition, String assignee) {
    return assertThrows(
            ClueWorkflowException.class,
            () -> clues.transition(id, to, null, disposition, assignee, "a"))
        .kind();
  }

  private void confirm(String id, int daysAfterFirstSeen) {
    clues.transition(id, "VERIFYING", null, null, null, "a");
    clues.transition(id, "CONFIRMED", null, "REFERRAL", null, "a");
    backdate(id, daysAfterFirstSeen);
  }

  private void dismiss(String id, int daysAfterFirstSeen) {
    if (clues.get(id).orElseThrow().state().equals("NEW")) {
      clues.transition(id, "ASSIGNED", null, null, analystOf(id), "a");
    }
    clues.transition(id, "DISMISSED", null, null, null, "a");
    backdate(id, daysAfterFirstSeen);
  }

  private String analystOf(String id) {
    return clues.get(id).orElseThrow().district().equals(CHAOYANG)
        ? "chaoyang.analyst"
        : "haidian.analyst";
  }

  /** Makes the clue first seen the given days before its last state change. */
  private void backdate(String id, int days) {
    StoredClue c = clues.get(id).orElseThrow();
    store.inTransaction(
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement("UPDATE clues SET first_seen = ? WHERE id = ?")) {
            return Jdbc.bind(ps, c.stateChangedAt().minus(Duration.ofDays(days)), id)
                .executeUpdate();
          }
        });
  }

  private String newClue(String district, String subject) {
    clues.record(MODEL, "1.0.0", "run-" + subject, List.of(clue(district, subject)));
    return clues.list(new ClueFilter(district, MODEL, null), 0, 1000).items().stream()
        .filter(c -> c.subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .id();
  }

  private static Clue clue(String district, String subject) {
    return Clue.builder()
        .subject(subject)
        .district(district)
        .title("t " + subject)
        .evidence(Evidence.of("persons", "k-" + subject))
        .build();
  }

  private static StoredClue stored(String state, Instant firstSeen, Instant changed) {
    return new StoredClue(
        "id", "fp", MODEL, "1.0.0", CHAOYANG, "s", "t", 0.5, state, List.of(), Map.of(), "r", "r",
        firstSeen, firstSeen, 1, null, null, changed, null);
  }

  private void user(String name, String district, String roles) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (username, district, roles, password_hash,"
                      + " must_change_password, created_at) VALUES (?, ?, ?, 'x', FALSE, ?)")) {
            return Jdbc.bind(ps, name, district, roles, Instant.now()).executeUpdate();
          }
        });
  }

  private void setState(String id, String state) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE clues SET state = ? WHERE id = ?")) {
            return Jdbc.bind(ps, state, id).executeUpdate();
          }
        });
  }
}
