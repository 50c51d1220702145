package org.mingjian.platform.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.audit.AuditEntry;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditException;
import org.mingjian.platform.audit.AuditHash;
import org.mingjian.platform.audit.AuditPage;
import org.mingjian.platform.audit.AuditQuery;
import org.mingjian.platform.audit.Checkpoint;
import org.mingjian.platform.audit.CheckpointVerifier;
import org.mingjian.platform.audit.VerifyResult;
import org.mingjian.platform.store.internal.StateStoreImpl;

class AuditLogImplTest {
  @TempDir Path home;
  private JdbcDataSource ds;
  private StateStoreImpl store;
  private final List<AuditLogImpl> opened = new ArrayList<>();

  @BeforeEach
  void database() throws Exception {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, home);
  }

  @AfterEach
  void close() {
    opened.forEach(AuditLogImpl::close);
  }

  private AuditLogImpl open() {
    return open(0);
  }

  private AuditLogImpl open(int interval) {
    AuditLogImpl log = new AuditLogImpl(store, home.resolve("keys"), interval);
    opened.add(log);
    return log;
  }

  private static AuditEvent event(String actor, String action, int i) {
    return new AuditEvent(actor, "110105", action, "target-" + i, Map.of("i", i));
  }

  // ------------------------------------------------------------------ append and search

  @Test
  void entriesAreChainedFromGenesisAndHashedAsDocumented() {
    AuditLogImpl log = open();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("zeta", "最后");
    details.put("alpha", Map.of("b", 2, "a", List.of(1, "x")));
    details.put("when", Instant.parse("2025-01-02T03:04:05.123456789Z"));
    details.put("none", null);

    AuditEntry first =
        log.append(new AuditEvent("alice", "110105", "user.created", "bob", details));
    AuditEntry second = log.append(new AuditEvent(AuditEvent.SYSTEM, null, "run.started", null));

    assertEquals(1, first.seq());
    assertEquals(AuditHash.GENESIS, first.prevHash());
    assertEquals(2, second.seq());
    assertEquals(first.hash(), second.prevHash());
    assertEquals(Map.of(), second.details());
    assertFalse(second.at().isBefore(first.at()));
    assertEquals(0, first.at().getNano() % 1000, "microsecond precision");

    String stored = queryString("SELECT details FROM audit_log WHERE seq = 1");
    assertEquals(
        "{\"alpha\":{\"a\":[1,\"x\"],\"b\":2},\"none\":null,"
            + "\"when\":\"2025-01-02T03:04:05.123456789Z\",\"zeta\":\"最后\"}",
        stored);
    // an independent implementation of the documented format
    assertEquals(
        documentedHash(
            "1",
            AuditHash.timestamp(first.at()),
            "alice",
            "110105",
            "user.created",
            "bob",
            stored,
            AuditHash.GENESIS),
        first.hash());
    assertEquals(
        documentedHash(
            "2",
            AuditHash.timestamp(second.at()),
            "system",
            null,
            "run.started",
            null,
            "{}",
            first.hash()),
        second.hash());
    // what append returned is what is read back
    AuditPage page = log.search(AuditQuery.all(), 0, 10);
    assertEquals(List.of(second, first), page.items());
  }

  private static String documentedHash(String... fields) throws RuntimeException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update("mingjian-audit-v1\n".getBytes(StandardCharsets.UTF_8));
      for (String f : fields) {
        if (f == null) {
          md.update("~".getBytes(StandardCharsets.UTF_8));
        } else {
          byte[] b = f.getBytes(StandardCharsets.UTF_8);
          md.update((b.length + ":").getBytes(StandardCharsets.UTF_8));
          md.update(b);
          md.update(",".getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void timestampsHaveSixFractionDigitsInUtc() {
    assertEquals(
        "2025-01-02T03:04:05.000000Z", AuditHash.timestamp(Instant.parse("2025-01-02T03:04:05Z")));
    assertEquals(
        "0999-12-31T23:59:59.999999Z",
        AuditHash.timestamp(Instant.parse("0999-12-31T23:59:59.999999999Z")));
  }

  @Test
  void searchFiltersByActorActionAndTimeAndPagesNewestFirst() throws Exception {
    AuditLogImpl log = open();
    List<AuditEntry> early = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      early.add(log.append(event("alice", "auth.login.succeeded", i)));
      early.add(log.append(event("bob", "auth.login.failed", i)));
    }
    Thread.sleep(5);
    Instant middle = Instant.now();
    Thread.sleep(5);
    List<AuditEntry> late = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      late.add(log.append(event("alice", "run.started", i)));
    }
    late.add(log.append(new AuditEvent("a_b", null, "auth_x.y", null)));

    AuditPage all = log.search(AuditQuery.all(), 0, 5);
    assertEquals(18, all.total());
    assertEquals(List.of(18L, 17L, 16L, 15L, 14L), seqs(all));
    assertEquals(List.of(3L, 2L, 1L), seqs(log.search(null, 3, 5)));
    assertEquals(List.of(), log.search(null, 4, 5).items());

    AuditPage alice = log.search(new AuditQuery(null, null, "alice", null), 0, 100);
    assertEquals(12, alice.total());
    assertTrue(alice.items().stream().allMatch(e -> e.actor().equals("alice")));

    AuditPage failed = log.search(new AuditQuery(null, null, null, "auth.login.failed"), 1, 2);
    assertEquals(5, failed.total());
    assertEquals(List.of(6L, 4L), seqs(failed));

    AuditPage auth = log.search(new AuditQuery(null, null, null, "auth.*"), 0, 100);
    assertEquals(10, auth.total(), "auth.* covers auth.login.* but not auth_x.y");

    AuditPage after = log.search(new AuditQuery(middle, null, "alice", null), 0, 100);
    assertEquals(7, after.total());
    assertEquals(late.get(6), after.items().get(0));
    AuditPage before = log.search(new AuditQuery(null, middle, null, null), 0, 100);
    assertEquals(10, before.total());
    Instant firstAt = early.get(0).at();
    AuditPage exactlyFrom = log.search(new AuditQuery(firstAt, firstAt, null, null), 0, 10);
    assertEquals(0, exactlyFrom.total(), "to is exclusive");
    AuditPage window =
        log.search(new AuditQuery(firstAt, firstAt.plus(1, ChronoUnit.MICROS), null, null), 0, 10);
    assertEquals(List.of(1L), seqs(window));

    assertThrows(IllegalArgumentException.class, () -> log.search(null, -1, 10));
    assertThrows(IllegalArgumentException.class, () -> log.search(null, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> log.search(null, 0, 1001));
  }

  private static List<Long> seqs(AuditPage page) {
    return page.items().stream().map(AuditEntry::seq).toList();
  }

  @Test
  void appendAllIsAtomicAndConsecutive() {
    AuditLogImpl log = open();
    log.append(event("alice", "data.read", 0));
    List<AuditEntry> entries =
        log.appendAll(
            List.of(
                event("alice", "data.read", 1),
                event("alice", "data.read", 2),
                event("b", "x", 3)));
    assertEquals(List.of(2L, 3L, 4L), entries.stream().map(AuditEntry::seq).toList());
    assertEquals("target-1", entries.get(0).target());
    assertEquals(List.of(), log.appendAll(List.of()));

    // one malformed event: none of them is appended
    assertThrows(
        IllegalArgumentException.class,
        () ->
            log.appendAll(List.of(event("alice", "data.read", 5), event("alice", "Bad Code", 6))));
    assertThrows(IllegalArgumentException.class, () -> log.append(null));
    assertThrows(IllegalArgumentException.class, () -> log.append(event(" ", "data.read", 1)));
    assertThrows(IllegalArgumentException.class, () -> log.append(event(null, "data.read", 1)));
    assertThrows(IllegalArgumentException.class, () -> log.append(event("a", "data.", 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> log.append(new AuditEvent("a", "x".repeat(17), "data.read", null)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            log.append(
                new AuditEvent("a", null, "data.read", null, Map.of("big", "x".repeat(70_000)))));
    assertEquals(4, log.search(null, 0, 10).total());
    assertTrue(log.verify().valid());
  }

  @Test
  void eightConcurrentWritersGetOneGaplessChain() throws Exception {
    AuditLogImpl log = open();
    int threads = 8;
    int each = 2000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String actor = "writer" + t;
      Callable<List<Long>> task =
          () -> {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < each; i++) {
              seqs.add(log.append(event(actor, "data.read", i)).seq());
            }
            return seqs;
          };
      futures.add(pool.submit(task));
    }
    Set<Long> all = new HashSet<>();
    for (Future<List<Long>> f : futures) {
      List<Long> seqs = f.get();
      for (int i = 1; i < seqs.size(); i++) {
        assertTrue(seqs.get(i) > seqs.get(i - 1), "one writer's entries stay in its order");
      }
      all.addAll(seqs);
    }
    pool.shutdown();
    assertEquals(threads * each, all.size());
    assertEquals(16_000L, queryLong("SELECT COUNT(*) FROM audit_log"));
    assertEquals(1L, queryLong("SELECT MIN(seq) FROM audit_log"));
    assertEquals(16_000L, queryLong("SELECT MAX(seq) FROM audit_log"));
    VerifyResult result = log.verify();
    assertTrue(result.valid(), result.toString());
    assertEquals(16_000, result.entries());
    assertEquals(queryString("SELECT hash FROM audit_log WHERE seq = 16000"), result.headHash());
  }

  @Test
  void aNewInstanceOnTheSameDatabaseContinuesTheChain() {
    AuditLogImpl first = open();
    AuditEntry last = null;
    for (int i = 0; i < 10; i++) {
      last = first.append(event("alice", "clue.revealed", i));
    }
    String fingerprint =
        CheckpointVerifier.fingerprint(CheckpointVerifier.publicKeyFromPem(first.publicKeyPem()));
    first.close();
    assertThrows(AuditException.class, () -> first.append(event("alice", "clue.revealed", 99)));

    AuditLogImpl second = open();
    AuditEntry next = second.append(event("bob", "clue.revealed", 10));
    assertEquals(11, next.seq());
    assertEquals(last.hash(), next.prevHash());
    assertFalse(next.at().isBefore(last.at()));
    VerifyResult result = second.verify();
    assertTrue(result.valid(), result.toString());
    assertEquals(11, result.entries());
    assertEquals(
        fingerprint,
        CheckpointVerifier.fingerprint(CheckpointVerifier.publicKeyFromPem(second.publicKeyPem())),
        "the key pair is kept");
  }

  @Test
  void committedEntriesSurviveACrashOfAFileDatabase() throws Exception {
    ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + home.resolve("db/state") + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    store = new StateStoreImpl(ds, home);
    AuditLogImpl log = open();
    for (int i = 0; i < 50; i++) {
      log.append(event("alice", "data.read", i));
    }
    log.appendAll(List.of(event("bob", "data.read", 50), event("bob", "data.read", 51)));
    // closes the files as they are, without writing what H2 still holds in memory: a crash
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN IMMEDIATELY");
    }
    log.close();

    store = new StateStoreImpl(ds, home);
    AuditLogImpl reopened = open();
    assertEquals(52L, queryLong("SELECT COUNT(*) FROM audit_log"));
    assertEquals(53, reopened.append(event("carol", "data.read", 52)).seq());
    assertTrue(reopened.verify().valid());
  }

  @Test
  void aBatchThatCollidesWithAnotherWriterFailsAndTheNextOneContinues() throws Exception {
    AuditLogImpl log = open();
    AuditEntry one = log.append(event("alice", "data.read", 1));
    // another node appends seq 2 behind this one's back
    Instant at = AuditHash.truncate(Instant.now());
    String hash =
        AuditHash.compute(
            2, AuditHash.timestamp(at), "other", null, "data.read", null, "{}", one.hash());
    insertRow(2, at, "other", null, "data.read", null, "{}", one.hash(), hash);

    AuditException e =
        assertThrows(AuditException.class, () -> log.append(event("alice", "data.read", 2)));
    assertTrue(e.getMessage().contains("were not written"), e.getMessage());
    AuditEntry three = log.append(event("alice", "data.read", 3));
    assertEquals(3, three.seq());
    assertEquals(hash, three.prevHash());
    assertTrue(log.verify().valid());
  }

  // ------------------------------------------------------------------ tampering

  private AuditLogImpl logWith(int entries) {
    AuditLogImpl log = open();
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      events.add(event(i % 2 == 0 ? "alice" : "bob", "data.read", i));
    }
    log.appendAll(events);
    assertTrue(log.verify().valid());
    return log;
  }

  @Test
  void changedDetailsAreAHashMismatchAtThatSeq() throws Exception {
    AuditLogImpl log = logWith(20);
    execute("UPDATE audit_log SET details = '{\"i\":999}' WHERE seq = 7");
    VerifyResult result = log.verify();
    assertFalse(result.valid());
    assertEquals(7L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("hash mismatch"), result.reason());
    assertEquals(6, result.entries());
    assertEquals(queryString("SELECT hash FROM audit_log WHERE seq = 6"), result.headHash());
  }

  @Test
  void changedActorOrTimeIsAHashMismatch() throws Exception {
    AuditLogImpl log = logWith(5);
    execute("UPDATE audit_log SET at = at + INTERVAL '1' SECOND WHERE seq = 2");
    assertEquals(2L, log.verify().firstBrokenSeq());
    execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1");
    assertEquals(1L, log.verify().firstBrokenSeq());
  }

  @Test
  void aDeletedRowIsAMissingSeq() throws Exception {
    AuditLogImpl log = logWith(20);
    execute("DELETE FROM audit_log WHERE seq = 12");
    VerifyResult result = log.verify();
    assertFalse(result.valid());
    assertEquals(12L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("missing seq"), result.reason());
  }

  @Test
  void deletedLastRowsAreMissingSeqs() throws Exception {
    AuditLogImpl log = logWith(20);
    execute("DELETE FROM audit_log WHERE seq > 17");
    VerifyResult result = log.verify();
    assertFalse(result.valid());
    assertEquals(18L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("missing seq"), result.reason());
  }

  @Test
  void aRowRehashedToItsNewContentBreaksTheLinkOfTheNext() throws Exception {
    AuditLogImpl log = logWith(20);
    AuditEntry nine = entry(log, 9);
    String forged =
        AuditHash.compute(
            9,
            AuditHash.timestamp(nine.at()),
            "mallory",
            nine.district(),
            nine.action(),
            nine.target(),
            "{\"i\":9}",
            nine.prevHash());
    execute("UPDATE audit_log SET actor = 'mallory', hash = '" + forged + "' WHERE seq = 9");
    VerifyResult result = log.verify();
    assertFalse(result.valid());
    assertEquals(10L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("broken link"), result.reason());
  }

  private static AuditEntry entry(AuditLogImpl log, long seq) {
    AuditPage all = log.search(null, 0, 1000);
    return all.items().stream().filter(e -> e.seq() == seq).findFirst().orElseThrow();
  }

  // ------------------------------------------------------------------ checkpoints and keys

  @Test
  void anExportedCheckpointVerifiesWithItsKeyAndFailsWhenTamperedWith() {
    AuditLogImpl log = logWith(10);
    Checkpoint cp = log.checkpoint();
    assertEquals(10, cp.seq());
    assertEquals(queryString("SELECT hash FROM audit_log WHERE seq = 10"), cp.headHash());
    assertEquals("Ed25519", cp.algorithm());
    assertEquals(List.of(cp), log.checkpoints());
    String fingerprint =
        CheckpointVerifier.fingerprint(CheckpointVerifier.publicKeyFromPem(log.publicKeyPem()));
    assertEquals(fingerprint, cp.publicKeyFingerprint());

    String export = log.exportCheckpoints();
    CheckpointVerifier.Result ok = CheckpointVerifier.verify(export, fingerprint);
    assertTrue(ok.valid(), ok.reason());
    assertEquals(List.of(cp), ok.checkpoints());

    // any change to a signed value breaks its signature
    String otherHash = "ab".repeat(32);
    String rehashed = export.replace(cp.headHash(), otherHash);
    CheckpointVerifier.Result bad = CheckpointVerifier.verify(rehashed, fingerprint);
    assertFalse(bad.valid());
    assertEquals(10L, bad.firstBadSeq());
    String moved = export.replace("\"seq\" : 10", "\"seq\" : 11").replace("10|", "11|");
    assertFalse(CheckpointVerifier.verify(moved, fingerprint).valid());
    // a document signed with another key is not trusted
    assertFalse(CheckpointVerifier.verify(export, "00".repeat(32)).valid());
    assertFalse(CheckpointVerifier.verify("{}", null).valid());
    assertFalse(CheckpointVerifier.verify("not json", null).valid());
  }

  @Test
  void aRewriteBeforeACheckpointIsDetectedEvenWhenTheChainIsRecomputed() throws Exception {
    AuditLogImpl log = logWith(10);
    Checkpoint cp = log.checkpoint();
    String export = log.exportCheckpoints();
    String fingerprint = cp.publicKeyFingerprint();
    log.appendAll(List.of(event("alice", "data.read", 11), event("alice", "data.read", 12)));
    assertTrue(CheckpointVerifier.verify(export, fingerprint, this::storedHash).valid());
    assertTrue(log.verify().valid());

    // an insider with database access rewrites entry 5 and recomputes every later hash
    execute("UPDATE audit_log SET details = '{\"i\":555}' WHERE seq = 5");
    rehashFrom(5);
    AuditLogImpl restarted = open(); // even a fresh instance, which trusts the table's head
    VerifyResult result = restarted.verify();
    assertFalse(result.valid());
    assertEquals(10L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("checkpoint mismatch"), result.reason());

    // the outside party holding the export sees it too
    CheckpointVerifier.Result outside =
        CheckpointVerifier.verify(export, fingerprint, this::storedHash);
    assertFalse(outside.valid());
    assertEquals(10L, outside.firstBadSeq());
    assertTrue(outside.reason().startsWith("checkpoint mismatch"), outside.reason());

    // deleting the stored checkpoint hides it from verify(), not from the export's holder
    execute("DELETE FROM audit_checkpoints");
    assertTrue(restarted.verify().valid());
    assertFalse(CheckpointVerifier.verify(export, fingerprint, this::storedHash).valid());
  }

  @Test
  void anAlteredStoredCheckpointIsReported() throws Exception {
    AuditLogImpl log = logWith(3);
    Checkpoint cp = log.checkpoint();
    execute(
        "UPDATE audit_checkpoints SET seq = 2, head_hash = (SELECT hash FROM audit_log WHERE seq = 2)");
    VerifyResult result = log.verify();
    assertFalse(result.valid());
    assertTrue(result.reason().startsWith("checkpoint signature invalid"), result.reason());
    assertEquals(3, cp.seq());
  }

  @Test
  void aCheckpointBeyondTheChainIsAMissingSeq() throws Exception {
    AuditLogImpl log = logWith(6);
    log.checkpoint();
    execute("DELETE FROM audit_log WHERE seq > 4");
    AuditLogImpl restarted = open(); // knows only the table's head, 4
    VerifyResult result = restarted.verify();
    assertFalse(result.valid());
    assertEquals(5L, result.firstBrokenSeq());
    assertTrue(result.reason().startsWith("missing seq"), result.reason());
  }

  @Test
  void closingTakesALastCheckpointWhenPeriodicCheckpointsAreOn() {
    AuditLogImpl log = open(60);
    log.append(event("alice", "data.read", 1));
    log.append(event("alice", "data.read", 2));
    log.close();
    List<Checkpoint> cps = open().checkpoints();
    assertEquals(1, cps.size());
    assertEquals(2, cps.get(0).seq());
  }

  @Test
  void theKeyFilesAreCreatedOnceWithOwnerOnlyAccess() throws Exception {
    AuditLogImpl log = open();
    Path key = home.resolve("keys/audit-signing.key");
    Path pub = home.resolve("keys/audit-signing.pub");
    assertTrue(Files.isRegularFile(key));
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(log.publicKeyPem(), Files.readString(pub));
    Assumptions.assumeTrue(key.getFileSystem().supportedFileAttributeViews().contains("posix"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("keys"))));

    // loosened permissions are tightened again, the key pair is kept
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    AuditLogImpl again = open();
    assertEquals(log.publicKeyPem(), again.publicKeyPem());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

    // one file without the other is refused rather than silently replaced
    Files.delete(key);
    assertThrows(AuditException.class, this::open);
  }

  @Test
  void aCheckpointOfAnEmptyChainSignsSeqZero() {
    AuditLogImpl log = open();
    Checkpoint cp = log.checkpoint();
    assertEquals(0, cp.seq());
    assertEquals(AuditHash.GENESIS, cp.headHash());
    assertTrue(CheckpointVerifier.verify(log.exportCheckpoints(), null, s -> null).valid());
    assertTrue(log.verify().valid());
  }

  // ------------------------------------------------------------------ helpers

  private String storedHash(long seq) {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  /** What an insider would do: recompute every hash from a seq on, so the chain looks intact. */
  private void rehashFrom(long from) throws Exception {
    try (Connection c = ds.getConnection()) {
      String prev;
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_log WHERE seq = ?")) {
        ps.setLong(1, from - 1);
        try (ResultSet rs = ps.executeQuery()) {
          prev = rs.next() ? rs.getString(1) : AuditHash.GENESIS;
        }
      }
      List<Object[]> rows = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT seq, at, actor, district, action, target, details FROM audit_log"
                  + " WHERE seq >= ? ORDER BY seq")) {
        ps.setLong(1, from);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(
                new Object[] {
                  rs.getLong(1),
                  rs.getObject(2, OffsetDateTime.class).toInstant(),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)
                });
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
        for (Object[] r : rows) {
          long seq = (Long) r[0];
          String hash =
              AuditHash.compute(
                  seq,
                  AuditHash.timestamp((Instant) r[1]),
                  (String) r[2],
                  (String) r[3],
                  (String) r[4],
                  (String) r[5],
                  (String) r[6],
                  prev);
          ps.setString(1, prev);
          ps.setString(2, hash);
          ps.setLong(3, seq);
          ps.executeUpdate();
          prev = hash;
        }
      }
    }
  }

  private void insertRow(
      long seq,
      Instant at,
      String actor,
      String district,
      String action,
      String target,
      String details,
      String prevHash,
      String hash)
      throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_log (seq, at, actor, district, action, target, details,"
                    + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(3, actor);
      ps.setString(4, district);
      ps.setString(5, action);
      ps.setString(6, target);
      ps.setString(7, details);
      ps.setString(8, prevHash);
      ps.setString(9, hash);
      ps.executeUpdate();
    }
  }

  private void execute(String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private long queryLong(String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private String queryString(String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Test
  void theSameEventTwiceGetsDifferentHashes() {
    AuditLogImpl log = open();
    AuditEntry a = log.append(event("alice", "data.read", 1));
    AuditEntry b = log.append(event("alice", "data.read", 1));
    assertNotEquals(a.hash(), b.hash());
    assertNull(log.verify().firstBrokenSeq());
  }
}
