package org.mingjian.platform.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.audit.AuditEntry;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditQuery;
import org.mingjian.platform.audit.VerifyResult;
import org.mingjian.platform.audit.internal.AuditLogImpl;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.internal.EnablementsImpl;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.TokenService.IssuedToken;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.internal.TokenServiceImpl;
import org.mingjian.platform.security.internal.UserServiceImpl;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;

/**
 * The core scenarios of the store, security, clues, runtime (enablements) and audit unit tests, run
 * through the real implementations on H2 and on PostgreSQL: every migration and every statement on
 * the way must work on both, with the same results. A scenario failing only in {@code OnPostgresql}
 * is SQL outside the common subset.
 */
class PostgresStateStoreTest {
  static final String MODEL = "provident-fund-false-litigation";
  static final String CHAOYANG = "110105";

  /** H2 in memory, as the other modules' unit tests use it. */
  @Nested
  class OnH2 extends Scenarios {
    @Override
    DataSource newDataSource() {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:pgtests-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      ds.setUser("sa");
      return ds;
    }
  }

  /** A fresh database and role in the throw-away cluster. */
  @Nested
  class OnPostgresql extends Scenarios {
    @Override
    DataSource newDataSource() {
      return PostgresCluster.shared().newDatabase("state");
    }

    @Test
    void aStartingNodeLeavesAnotherNodesRecordingAloneButUndoesAnAbandonedOne() {
      ClueStoreImpl clues = new ClueStoreImpl(store);
      clues.record(MODEL, "1.0.0", "run-1", List.of(clue("A", "a")));
      // two recordings cut short as a crash leaves them: run-2 started just now (on another node,
      // still writing), run-3 an hour ago
      clues.record(MODEL, "1.0.0", "run-2", List.of(clue("B", "b")));
      clues.record(MODEL, "1.0.0", "run-3", List.of(clue("C", "c")));
      store.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO clue_recordings (run_id, model_id, started_at) VALUES (?, ?, ?)")) {
              Jdbc.bind(ps, "run-2", MODEL, Instant.now()).executeUpdate();
              Jdbc.bind(ps, "run-3", MODEL, Instant.now().minusSeconds(3_600)).executeUpdate();
            }
            return null;
          });

      new ClueStoreImpl(store);

      ClueFilter all = new ClueFilter(null, null, null);
      assertEquals(
          List.of("A"), clues.list(all, 0, 10).items().stream().map(StoredClue::subject).toList());
      List<String> left =
          store.inTransaction(
              c -> {
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT run_id FROM clue_recordings");
                    var rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(rs.getString(1));
                  }
                }
                return out;
              });
      assertEquals(List.of("run-2"), left, "run-3 was undone, run-2 is left to its node");
    }

    @Test
    void sightingPagesKeepRoomSoThatASightingIsUpdatedInPlace() throws Exception {
      ClueStoreImpl clues = new ClueStoreImpl(store);
      List<Clue> found = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        found.add(clue("S" + i, "K" + i));
      }
      clues.record(MODEL, "1.0.0", "run-1", found);
      clues.record(MODEL, "1.0.0", "run-2", found);
      store.inTransaction(
          c -> {
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT reloptions FROM pg_class WHERE relname = 'clue_sightings'");
                var rs = ps.executeQuery()) {
              assertTrue(rs.next());
              assertEquals("{fillfactor=70}", rs.getString(1));
            }
            return null;
          });
      // PostgreSQL publishes table statistics within a second or so of a transaction's end
      long[] updates = {0, 0};
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (updates[0] < 2_000 && System.nanoTime() < deadline) {
        store.inTransaction(
            c -> {
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                              + " WHERE relname = 'clue_sightings'");
                  var rs = ps.executeQuery()) {
                rs.next();
                updates[0] = rs.getLong(1);
                updates[1] = rs.getLong(2);
              }
              return null;
            });
        Thread.sleep(100);
      }
      assertEquals(2_000, updates[0], "every clue was seen again once");
      // full pages (fillfactor 100) leave no room: nearly every update would be a cold one
      assertTrue(updates[1] >= 600, updates[1] + " of 2 000 updates were heap-only");
    }
  }

  abstract static class Scenarios {
    @TempDir Path home;
    DataSource ds;
    StateStoreImpl store;

    abstract DataSource newDataSource();

    @BeforeEach
    void open() throws Exception {
      ds = newDataSource();
      store = new StateStoreImpl(ds, home);
      store.inTransaction(
          c -> {
            for (String code : List.of("110000", CHAOYANG, "110108")) {
              try (PreparedStatement ps =
                  c.prepareStatement("INSERT INTO districts (code, name) VALUES (?, ?)")) {
                Jdbc.bind(ps, code, "区" + code).executeUpdate();
              }
            }
            return null;
          });
    }

    // ------------------------------------------------------------------ schema

    @Test
    void everyMigrationAppliesOnceAndGivesTheSameTablesAsOnH2() throws Exception {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:reference-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      StateStoreImpl reference = new StateStoreImpl(h2, home.resolve("h2"));

      List<String> applied = scripts(store);
      assertEquals(scripts(reference), applied);
      assertTrue(applied.size() >= 4, applied.toString());
      assertEquals(columns(reference), columns(store));

      // a second start on the same database applies nothing and keeps the record
      Instant firstApplied = appliedAt(store);
      StateStoreImpl again = new StateStoreImpl(ds, home);
      assertEquals(applied, scripts(again));
      assertEquals(firstApplied, appliedAt(again));
    }

    private static List<String> scripts(StateStoreImpl s) {
      return s.inTransaction(
          c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT version, script, checksum FROM schema_version ORDER BY version");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3));
              }
            }
            return out;
          });
    }

    private static Instant appliedAt(StateStoreImpl s) {
      return s.inTransaction(
          c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT MAX(applied_at) AS t FROM schema_version");
                ResultSet rs = ps.executeQuery()) {
              rs.next();
              return Jdbc.instant(rs, "t");
            }
          });
    }

    /** table.column, lower case, of the application's schema. */
    private static Set<String> columns(StateStoreImpl s) {
      return s.inTransaction(
          c -> {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT table_name, column_name FROM information_schema.columns"
                            + " WHERE LOWER(table_schema) = 'public'");
                ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add((rs.getString(1) + "." + rs.getString(2)).toLowerCase());
              }
            }
            return out;
          });
    }

    // ------------------------------------------------------------------ security

    @Test
    void usersAuthenticateChangePasswordsAndHoldTokens() throws Exception {
      UserServiceImpl users = new UserServiceImpl(store);
      User u =
          users.create(
              "chaoyang.analyst", CHAOYANG, EnumSet.of(Role.ANALYST), "Qx7-long-Passphrase!", true);
      assertTrue(u.mustChangePassword());
      assertEquals(u, users.find("chaoyang.analyst").orElseThrow());
      assertEquals(u, users.authenticate("chaoyang.analyst", "Qx7-long-Passphrase!").orElseThrow());
      assertTrue(users.authenticate("chaoyang.analyst", "wrong").isEmpty());
      assertTrue(users.authenticate("nobody", "Qx7-long-Passphrase!").isEmpty());

      users.setPassword("chaoyang.analyst", "Another-long-Pass9", false);
      User changed = users.authenticate("chaoyang.analyst", "Another-long-Pass9").orElseThrow();
      assertFalse(changed.mustChangePassword());
      User moved =
          users.update("chaoyang.analyst", "110108", EnumSet.of(Role.ANALYST, Role.AUDITOR));
      assertEquals(Set.of(Role.ANALYST, Role.AUDITOR), moved.roles());
      assertEquals(1, users.list().size());

      TokenServiceImpl tokens = new TokenServiceImpl(store, users, Duration.ofHours(8));
      IssuedToken t1 = tokens.issue(moved);
      IssuedToken t2 = tokens.issue(moved);
      assertTrue(t1.expiresAt().isAfter(Instant.now().plus(Duration.ofHours(7))));
      assertEquals("chaoyang.analyst", tokens.resolve(t1.token()).orElseThrow().username());
      tokens.revoke(t1.token());
      assertTrue(tokens.resolve(t1.token()).isEmpty());
      assertTrue(tokens.resolve(t2.token()).isPresent());
      assertEquals(1, tokens.revokeAll("chaoyang.analyst"));
      assertTrue(tokens.resolve(t2.token()).isEmpty());

      TokenServiceImpl shortLived = new TokenServiceImpl(store, users, Duration.ofMillis(1));
      IssuedToken expired = shortLived.issue(moved);
      Thread.sleep(20);
      assertTrue(shortLived.resolve(expired.token()).isEmpty(), "an expired token is refused");

      assertTrue(users.delete("chaoyang.analyst"));
      assertTrue(users.find("chaoyang.analyst").isEmpty());
    }

    // ------------------------------------------------------------------ clues

    static Clue clue(String subject, String... keys) {
      Clue.Builder b =
          Clue.builder().subject(subject).district(CHAOYANG).title("线索 " + subject).score(0.8);
      for (String k : keys) {
        b.evidence(
            Evidence.of("civil_judgments", k)
                .with("closed_on", LocalDate.of(2022, 3, 1))
                .with("amount", new BigDecimal("120000.50")));
      }
      return b.field("confirmed", true).field("withdrawals", 3).build();
    }

    @Test
    void aLargeRunIsRecordedInSeveralTransactionsAndAFailedOneIsUndone() {
      ClueStoreImpl clues = new ClueStoreImpl(store);
      // more clues than one transaction takes on either database (H2 500, PostgreSQL 5 000)
      List<Clue> found = new ArrayList<>();
      for (int i = 0; i < 12_000; i++) {
        found.add(clue("S" + i, "K" + i));
      }
      assertEquals(new RecordResult(12_000, 0), clues.record(MODEL, "1.0.0", "run-1", found));
      List<Clue> more = new ArrayList<>(found);
      for (int i = 0; i < 1_000; i++) {
        // the 800th new one has a district the table refuses: the run's last transaction fails
        more.add(
            i == 800
                ? Clue.builder()
                    .subject("bad")
                    .district("1101050")
                    .title("t")
                    .evidence(Evidence.of("civil_judgments", "bad"))
                    .build()
                : clue("N" + i, "M" + i));
      }
      assertThrows(RuntimeException.class, () -> clues.record(MODEL, "1.1.0", "run-2", more));
      ClueFilter all = new ClueFilter(null, null, null);
      assertEquals(12_000, clues.list(all, 0, 1).total(), "run-2's new clues are gone");
      assertEquals(1, clues.list(all, 0, 1).items().get(0).seenCount(), "its sightings undone");
      assertEquals("run-1", clues.list(all, 0, 1).items().get(0).lastRunId());

      more.remove(12_000 + 800);
      assertEquals(new RecordResult(999, 12_000), clues.record(MODEL, "1.1.0", "run-3", more));
      assertEquals(12_999, clues.list(all, 0, 1).total());
      assertEquals(
          12_000,
          clues.list(all, 0, 13_000).items().stream().filter(c -> c.seenCount() == 2).count());
    }

    @Test
    void cluesAreRecordedDeduplicatedPagedAndWorked() {
      ClueStoreImpl clues = new ClueStoreImpl(store);
      new UserServiceImpl(store)
          .create(
              "chaoyang.analyst",
              CHAOYANG,
              EnumSet.of(Role.ANALYST),
              "Qx7-long-Passphrase!",
              false);
      List<Clue> found = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        found.add(clue(String.format("S%02d", i), "K" + i));
      }
      assertEquals(new RecordResult(25, 0), clues.record(MODEL, "1.0.0", "run-1", found));
      // the same findings again, from a newer version: updated, not duplicated
      assertEquals(new RecordResult(0, 25), clues.record(MODEL, "1.1.0", "run-2", found));
      assertEquals(
          new RecordResult(1, 24),
          clues.record(
              MODEL,
              "1.1.0",
              "run-3",
              List.of(found.subList(1, 25), List.of(clue("S99", "K99"))).stream()
                  .flatMap(List::stream)
                  .toList()));

      ClueFilter chaoyang = new ClueFilter(CHAOYANG, MODEL, null);
      var page0 = clues.list(chaoyang, 0, 10);
      var page2 = clues.list(chaoyang, 2, 10);
      assertEquals(26, page0.total());
      assertEquals(10, page0.items().size());
      assertEquals(6, page2.items().size());
      assertEquals(0, clues.list(new ClueFilter("110108", null, null), 0, 10).total());

      StoredClue s00 =
          clues.list(chaoyang, 0, 100).items().stream()
              .filter(c -> c.subject().equals("S01"))
              .findFirst()
              .orElseThrow();
      assertEquals(3, s00.seenCount());
      assertEquals("run-1", s00.firstRunId());
      assertEquals("run-3", s00.lastRunId());
      assertEquals("线索 S01", s00.title());
      assertEquals(0.8, s00.score());
      assertEquals("2022-03-01", s00.evidence().get(0).fields().get("closed_on"));
      assertEquals(true, s00.fields().get("confirmed"));
      assertEquals(s00, clues.get(s00.id()).orElseThrow());

      // the workflow, with its history
      String id = s00.id();
      assertEquals(
          "ASSIGNED",
          clues
              .transition(id, "ASSIGNED", "please verify", null, "chaoyang.analyst", "lead")
              .state());
      clues.comment(id, "研判会商: the lender appears in 7 cases", "colleague");
      assertEquals(
          "VERIFYING",
          clues.transition(id, "VERIFYING", null, null, null, "chaoyang.analyst").state());
      StoredClue confirmed =
          clues.transition(id, "CONFIRMED", "filed", "CASE_FILED", null, "chaoyang.analyst");
      assertEquals("CONFIRMED", confirmed.state());
      assertEquals("CASE_FILED", confirmed.disposition());
      assertEquals("chaoyang.analyst", confirmed.assignee());
      assertThrows(
          RuntimeException.class, () -> clues.transition(id, "NEW", null, null, null, "x"));
      List<ClueEvent> history = clues.events(id);
      assertEquals(4, history.size());
      assertTrue(history.get(0).id() < history.get(3).id(), "identity column ascends");
      assertEquals("CONFIRMED", history.get(3).toState());
      assertNotNull(history.get(3).at());

      // all or nothing (two NEW clues: the page order of equal scores is not fixed, so the one
      // confirmed above may be on that page)
      List<String> two =
          page2.items().stream()
              .map(StoredClue::id)
              .filter(other -> !other.equals(id))
              .limit(2)
              .toList();
      assertEquals(
          2, clues.transitionAll(two, "ASSIGNED", null, null, "chaoyang.analyst", "lead").size());

      ClueMetrics m = clues.metrics(MODEL, CHAOYANG).get(0);
      assertEquals(26, m.clues());
      assertEquals(1, m.confirmed());

      // a revoked version flags the clues only it found
      assertEquals(1, clues.flagRevoked(MODEL, Set.of("1.1.0"), "REVOKED_VERSION"));
      assertEquals(
          "REVOKED_VERSION",
          clues.list(chaoyang, 0, 100).items().stream()
              .filter(c -> c.subject().equals("S99"))
              .findFirst()
              .orElseThrow()
              .flag());
      assertNull(clues.get(id).orElseThrow().flag());

      clues.recordRunSet("run-3", MODEL, found.subList(0, 3));
      assertEquals(3, clues.runSet("run-3").size());
    }

    // ------------------------------------------------------------------ enablements

    @Test
    void enablementsAreStoredWithDistrictsAndParameters() {
      EnablementsImpl enablements = new EnablementsImpl(store);
      enablements.put(
          new Enablement(
              MODEL,
              "1.0.0",
              false,
              Map.of(CHAOYANG, true, "110108", false),
              "1.1.0",
              List.of(CHAOYANG),
              Map.of(CHAOYANG, Map.of("withinDays", 60)),
              "admin",
              Instant.now().truncatedTo(ChronoUnit.MILLIS)));
      Enablement e = enablements.get(MODEL).orElseThrow();
      assertFalse(e.cityWide());
      assertEquals(Map.of(CHAOYANG, true, "110108", false), e.districts());
      assertEquals("1.1.0", e.shadowVersion());
      assertEquals(60, ((Number) e.parameters().get(CHAOYANG).get("withinDays")).intValue());
      assertTrue(enablements.isEnabled(MODEL, CHAOYANG));
      assertFalse(enablements.isEnabled(MODEL, "110108"));

      enablements.set(MODEL, true, Map.of(), "admin");
      assertTrue(enablements.get(MODEL).orElseThrow().cityWide());
      assertEquals(1, enablements.all().size());
      assertTrue(enablements.delete(MODEL));
      assertTrue(enablements.all().isEmpty());
    }

    // ------------------------------------------------------------------ audit

    @Test
    void theAuditChainAppendsSearchesVerifiesAndSeesTampering() {
      AuditLogImpl audit = new AuditLogImpl(store, home.resolve("keys"), 0);
      Instant before = Instant.now().minusSeconds(1);
      for (int i = 0; i < 30; i++) {
        audit.append(
            new AuditEvent(
                "chaoyang.analyst",
                CHAOYANG,
                i % 2 == 0 ? "clue.view" : "clue.transition",
                "clue-" + i,
                Map.of("i", i, "note", "备注 " + i)));
      }
      List<AuditEntry> batch =
          audit.appendAll(
              List.of(
                  new AuditEvent("admin", "110000", "model.enable", MODEL),
                  new AuditEvent("admin", "110000", "model.disable", MODEL)));
      assertEquals(32, batch.get(1).seq());

      assertEquals(32, audit.search(new AuditQuery(null, null, null, null), 0, 10).total());
      assertEquals(15, audit.search(new AuditQuery(null, null, null, "clue.view"), 0, 10).total());
      assertEquals(
          32,
          audit
              .search(new AuditQuery(before, Instant.now().plusSeconds(1), null, null), 1, 10)
              .total());
      assertEquals(
          2, audit.search(new AuditQuery(null, null, "admin", null), 0, 10).items().size());

      VerifyResult ok = audit.verify();
      assertTrue(ok.valid(), ok.reason());
      assertEquals(32, ok.entries());
      assertNotNull(audit.checkpoint());
      assertEquals(1, audit.checkpoints().size());

      store.inTransaction(
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE audit_log SET target = ? WHERE seq = ?")) {
              return Jdbc.bind(ps, "clue-forged", 10L).executeUpdate();
            }
          });
      VerifyResult broken = audit.verify();
      assertFalse(broken.valid());
      assertEquals(10L, broken.firstBrokenSeq());
    }
  }
}
