package org.mingjian.platform.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.internal.DataPoolImpl;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.runtime.RunState;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.model.Model;
import org.mingjian.sdk.runner.DescriptorReader;

/**
 * The run engine with a real H2 state store and a real DuckDB data pool: runs, de-duplication,
 * rejections, failures, cancellation and time limits.
 */
class RunEngineTest {
  @TempDir Path home;
  private StateStoreImpl store;
  private DataPoolImpl pool;
  private ClueStoreImpl clues;
  private EnablementsImpl enablements;
  private org.mingjian.platform.audit.internal.AuditLogImpl audit;
  private RunEngineImpl engine;
  private final Map<String, ModelSource.Entry> entries = new HashMap<>();
  private final Map<String, Model> services = new HashMap<>();
  private final List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final String SQL_DESCRIPTOR =
      """
      {"id": "old-people", "name": "Old people", "version": "1.0.0", "supervisionPoint": "test",
       "legalBasis": "test", "businessLine": "CIVIL", "authorDistrict": "110105", "kind": "SQL",
       "datasets": [{"name": "persons", "columns": ["person_id", "birth_year"]}],
       "parameters": [{"name": "bornBefore", "type": "INTEGER", "default": 1950, "min": 1900, "max": 2020}],
       "sql": {"file": "q.sql", "subject": "person_id", "title": "born {birth_year}",
               "evidence": [{"dataset": "persons", "key": "person_id", "fields": {"birth_year": "birth_year"}}]}}
      """;

  private static String javaDescriptor(String id) {
    return SQL_DESCRIPTOR
        .replace("\"old-people\"", "\"" + id + "\"")
        .replace("\"kind\": \"SQL\"", "\"kind\": \"JAVA\"")
        .replaceAll("(?s),\\s*\"sql\": \\{.*}}\\s*$", "}");
  }

  @BeforeEach
  void setUp() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + home.getFileName() + ";DB_CLOSE_DELAY=-1");
    store = new StateStoreImpl(ds, home);
    pool = new DataPoolImpl(store, home.resolve("pool"), "512MB", 1);
    clues = new ClueStoreImpl(store);
    enablements = new EnablementsImpl(store);
    audit = new org.mingjian.platform.audit.internal.AuditLogImpl(store, home.resolve("keys"), 0);
    pool.register(
        new DatasetDefinition(
            "persons",
            "people",
            "test",
            "district",
            "person_id",
            List.of(
                new ColumnInfo("person_id", "VARCHAR", Sensitivity.PERSONAL),
                new ColumnInfo("birth_year", "INTEGER", Sensitivity.INTERNAL),
                new ColumnInfo("district", "VARCHAR", Sensitivity.PUBLIC))));
    Path csv = home.resolve("persons.csv");
    Files.writeString(
        csv, "person_id,birth_year,district\nA1,1940,110105\nA2,1960,110105\nB1,1930,110108\n");
    pool.loadCsv("persons", csv, "test");
    register(
        DescriptorReader.read(SQL_DESCRIPTOR),
        "SELECT person_id, birth_year FROM persons WHERE birth_year < :bornBefore");
    enablements.set("old-people", true, Map.of("110101", false), "test");
    engine = newEngine(5);
  }

  private RunEngineImpl newEngine(long timeoutSeconds) {
    ModelSource source =
        new ModelSource() {
          @Override
          public Optional<Entry> entry(String modelId, String version) {
            return Optional.ofNullable(entries.get(modelId))
                .filter(e -> version == null || e.descriptor().version().equals(version));
          }

          @Override
          public Optional<RegisteredModel> model(String modelId, String version) {
            return entry(modelId, version)
                .map(e -> new RegisteredModel(e.descriptor(), 1, "test", null, null));
          }

          @Override
          public Optional<Model> service(String modelId, String version) {
            return Optional.ofNullable(services.get(modelId));
          }

          @Override
          public boolean stop(String modelId, String version) {
            stopped.add(modelId + "@" + version);
            return true;
          }
        };
    return new RunEngineImpl(
        store, source, enablements, pool, clues, audit, config(timeoutSeconds));
  }

  private void register(ModelDescriptor d, String sql) {
    entries.put(d.id(), new ModelSource.Entry(d, sql, "abc"));
  }

  private void registerJava(String id, Model model) throws Exception {
    register(DescriptorReader.read(javaDescriptor(id)), null);
    services.put(id, model);
    enablements.set(id, true, Map.of(), "test");
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.stop();
  }

  private RunRecord awaitShadow(String modelId, String district) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var r = engine.latestShadowRun(modelId, district);
      if (r.isPresent()) {
        return r.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no shadow run finished");
  }

  private RunRecord await(RunRecord run) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      RunRecord r = engine.get(run.id()).orElseThrow();
      if (r.state().isFinal()) {
        return r;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run did not finish: " + engine.get(run.id()));
  }

  @Test
  void aRunSeesItsDistrictOnlyAndARerunCreatesNoDuplicates() throws Exception {
    RunRecord first = await(engine.submit("old-people", "110105", Map.of(), "tester"));
    assertEquals(RunState.SUCCEEDED, first.state(), first.error());
    assertEquals(1, first.cluesNew());
    assertEquals(Map.of("persons", 1), first.datasetVersions());
    assertEquals(Map.of("bornBefore", 1950), first.parameters());
    assertEquals("abc", first.bundleSha256());
    var stored = clues.list(new ClueFilter("110105", null, null), 0, 10).items();
    assertEquals(List.of("A1"), stored.stream().map(c -> c.subject()).toList());
    assertEquals("born 1940", stored.get(0).title());

    RunRecord second = await(engine.submit("old-people", "110105", Map.of(), "tester"));
    assertEquals(0, second.cluesNew());
    assertEquals(1, second.cluesUpdated());
    assertEquals(1, clues.list(new ClueFilter(null, null, null), 0, 10).total());
    assertEquals(2, clues.list(new ClueFilter(null, null, null), 0, 10).items().get(0).seenCount());

    RunRecord wider =
        await(engine.submit("old-people", "110105", Map.of("bornBefore", 1970), "tester"));
    assertEquals(1, wider.cluesNew());
    assertEquals(1, wider.cluesUpdated());
  }

  @Test
  void aDryRunFindsCluesAndRecordsNothing() throws Exception {
    var r =
        engine.dryRun(
            DescriptorReader.read(SQL_DESCRIPTOR),
            "SELECT person_id, birth_year FROM persons WHERE birth_year < :bornBefore",
            null,
            "110105",
            Map.of("bornBefore", 1970),
            "reviewer");
    assertEquals(RunState.SUCCEEDED, r.state(), r.error());
    assertEquals(List.of("A1", "A2"), r.clues().stream().map(Clue::subject).sorted().toList());
    assertEquals(Map.of("persons", 1), r.datasetVersions());
    assertEquals(0, clues.list(new ClueFilter(null, null, null), 0, 10).total());
    assertEquals(List.of(), engine.list(null, null, null, 0, 10));
    var failed =
        engine.dryRun(
            DescriptorReader.read(SQL_DESCRIPTOR),
            "SELECT person_id FROM nowhere",
            null,
            "110105",
            Map.of(),
            "reviewer");
    assertEquals(RunState.FAILED, failed.state());
    assertNotNull(failed.error());
  }

  @Test
  void districtParametersApplyAndAShadowVersionRunsBesideWithoutQueueingClues() throws Exception {
    // version 2.0.0 of the same model: a wider rule
    ModelDescriptor v2 =
        DescriptorReader.read(
            SQL_DESCRIPTOR.replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\""));
    ModelSource.Entry v1 = entries.get("old-people");
    entries.clear();
    ModelSource shadowSource =
        new ModelSource() {
          @Override
          public Optional<Entry> entry(String modelId, String version) {
            if (!modelId.equals("old-people")) {
              return Optional.empty();
            }
            return Optional.of(
                "2.0.0".equals(version)
                    ? new Entry(v2, "SELECT person_id, birth_year FROM persons", "def")
                    : v1);
          }

          @Override
          public Optional<RegisteredModel> model(String modelId, String version) {
            return entry(modelId, version)
                .map(e -> new RegisteredModel(e.descriptor(), 1, "test", null, null));
          }

          @Override
          public Optional<Model> service(String modelId, String version) {
            return Optional.empty();
          }
        };
    engine.stop();
    engine = new RunEngineImpl(store, shadowSource, enablements, pool, clues, audit, config(5));
    enablements.put(
        new org.mingjian.platform.runtime.Enablement(
            "old-people",
            "1.0.0",
            true,
            Map.of(),
            "2.0.0",
            List.of("110105"),
            Map.of("110105", Map.of("bornBefore", 1935)),
            "test",
            null));
    RunRecord main = await(engine.submit("old-people", "110105", Map.of(), "tester"));
    assertEquals(RunState.SUCCEEDED, main.state(), main.error());
    assertEquals(Map.of("bornBefore", 1935), main.parameters(), "the district's own parameter");
    assertEquals(0, main.cluesNew(), "A1 (1940) is not before 1935");
    RunRecord shadow = awaitShadow("old-people", "110105");
    assertEquals(main.id(), shadow.shadowOf());
    assertEquals("2.0.0", shadow.modelVersion());
    assertEquals(2, clues.runSet(shadow.id()).size(), "the shadow version sees A1 and A2");
    assertEquals(0, clues.runSet(main.id()).size());
    assertEquals(
        0,
        clues.list(new ClueFilter(null, null, null), 0, 10).total(),
        "shadow clues stay out of the queue");
    // another district is not in shadow and keeps the default parameter
    RunRecord other = await(engine.submit("old-people", "110108", Map.of(), "tester"));
    assertEquals(Map.of("bornBefore", 1950), other.parameters());
    assertEquals(1, engine.count("old-people", "110108", null));
  }

  @Test
  void unknownModelDisabledDistrictAndBadParametersAreRejectedWithoutARun() {
    var unknown =
        assertThrows(
            RunRejectedException.class, () -> engine.submit("nope", "110105", Map.of(), "t"));
    assertEquals(RunRejectedException.Reason.UNKNOWN_MODEL, unknown.reason());
    var off =
        assertThrows(
            RunRejectedException.class, () -> engine.submit("old-people", "110101", Map.of(), "t"));
    assertEquals(RunRejectedException.Reason.NOT_ENABLED, off.reason());
    var bad =
        assertThrows(
            RunRejectedException.class,
            () -> engine.submit("old-people", "110105", Map.of("bornBefore", 1800), "t"));
    assertEquals(RunRejectedException.Reason.INVALID_PARAMETERS, bad.reason());
    assertTrue(
        bad.details().get("bornBefore").contains("below the minimum 1900"),
        bad.details().toString());
    var unknownParam =
        assertThrows(
            RunRejectedException.class,
            () -> engine.submit("old-people", "110105", Map.of("x", 1), "t"));
    assertTrue(unknownParam.details().containsKey("x"));
    assertEquals(List.of(), engine.list(null, null, null, 0, 10));
  }

  @Test
  void aFailingModelFailsAloneWithItsReason() throws Exception {
    registerJava(
        "broken",
        ctx -> {
          throw new IllegalStateException("boom");
        });
    registerJava("sneaky", ctx -> ctx.queryForList("SELECT * FROM pool.persons__v1"));
    RunRecord broken = await(engine.submit("broken", "110105", Map.of(), "t"));
    assertEquals(RunState.FAILED, broken.state());
    assertEquals("IllegalStateException: boom", broken.error());
    RunRecord sneaky = await(engine.submit("sneaky", "110105", Map.of(), "t"));
    assertEquals(RunState.FAILED, sneaky.state());
    assertTrue(sneaky.error().contains("does not declare"), sneaky.error());
    RunRecord fine = await(engine.submit("old-people", "110105", Map.of(), "t"));
    assertEquals(RunState.SUCCEEDED, fine.state());
  }

  @Test
  void aJavaModelEmitsClues() throws Exception {
    registerJava(
        "java-old",
        ctx -> {
          for (var row : ctx.queryForList("SELECT person_id FROM persons ORDER BY person_id")) {
            ctx.emit(
                Clue.builder()
                    .subject(row.getString("person_id"))
                    .title("t")
                    .score(0.5)
                    .evidence(Evidence.of("persons", row.getString("person_id")))
                    .build());
          }
        });
    RunRecord r = await(engine.submit("java-old", "110108", Map.of(), "t"));
    assertEquals(RunState.SUCCEEDED, r.state(), r.error());
    assertEquals(1, r.cluesNew());
    assertEquals(
        "110108",
        clues.list(new ClueFilter(null, "java-old", null), 0, 10).items().get(0).district());
  }

  @Test
  void cancellationAndTimeLimitStopARun() throws Exception {
    registerJava(
        "slow",
        ctx -> {
          while (!ctx.isCancelled()) {
            Thread.sleep(10);
          }
        });
    RunRecord running = engine.submit("slow", "110105", Map.of(), "t");
    Thread.sleep(200);
    assertTrue(engine.cancel(running.id()));
    assertEquals(RunState.CANCELLED, await(running).state());

    engine.stop();
    engine = newEngine(1);
    RunRecord timed = await(engine.submit("slow", "110105", Map.of(), "t"));
    assertEquals(RunState.TIMED_OUT, timed.state());
    assertNotNull(timed.error());
  }

  private static RunEngineImpl.Config config(long timeoutSeconds) {
    return new RunEngineImpl.Config() {
      @Override
      public Class<? extends Annotation> annotationType() {
        return RunEngineImpl.Config.class;
      }

      @Override
      public int concurrency() {
        return 2;
      }

      @Override
      public long timeoutSeconds() {
        return timeoutSeconds;
      }

      @Override
      public int maxClues() {
        return 1000;
      }

      @Override
      public long quarantineGraceSeconds() {
        return 1;
      }
    };
  }

  private static volatile boolean release;

  @Test
  void aModelIgnoringItsTimeLimitIsTimedOutAndQuarantinedWhileOthersRun() throws Exception {
    release = false;
    registerJava(
        "stubborn",
        ctx -> {
          while (!release) {
            try {
              Thread.sleep(5);
            } catch (InterruptedException ignored) {
              // a badly written model swallows the interruption
            }
          }
        });
    engine.stop();
    engine = newEngine(1);
    try {
      RunRecord stuck = engine.submit("stubborn", "110105", Map.of(), "t");
      RunRecord ended = await(stuck);
      assertEquals(RunState.TIMED_OUT, ended.state());
      assertTrue(ended.error().contains("ignored the interruption"), ended.error());
      var q = enablements.quarantine("stubborn").orElseThrow();
      assertEquals("1.0.0", q.version());
      assertEquals(stuck.id(), q.runId());
      assertEquals(List.of("stubborn@1.0.0"), stopped);
      var refused =
          assertThrows(
              RunRejectedException.class, () -> engine.submit("stubborn", "110105", Map.of(), "t"));
      assertEquals(RunRejectedException.Reason.QUARANTINED, refused.reason());
      assertTrue(refused.getMessage().contains("quarantined"), refused.getMessage());
      assertTrue(enablements.isEnabled("stubborn", "110105"), "the enablement stays");
      // the other models keep running, twice at a time, with the stuck thread still alive
      RunRecord a = engine.submit("old-people", "110105", Map.of(), "t");
      RunRecord b = engine.submit("old-people", "110108", Map.of(), "t");
      assertEquals(RunState.SUCCEEDED, await(a).state());
      assertEquals(RunState.SUCCEEDED, await(b).state());
      assertTrue(
          audit
                  .search(
                      new org.mingjian.platform.audit.AuditQuery(
                          null, null, null, "model.quarantined"),
                      0,
                      10)
                  .total()
              == 1);
    } finally {
      release = true;
    }
    Thread.sleep(100);
    assertEquals(
        RunState.TIMED_OUT,
        engine.get(engine.list("stubborn", null, null, 0, 1).get(0).id()).orElseThrow().state());
    // re-enabling lifts the quarantine; the model (released now) runs again
    assertTrue(enablements.clearQuarantine("stubborn"));
    assertEquals(
        RunState.SUCCEEDED, await(engine.submit("stubborn", "110105", Map.of(), "t")).state());
  }

  @Test
  void aRerunRepeatsTheInputsOfItsOriginalOrSaysWhatIsGone() throws Exception {
    RunRecord first =
        await(engine.submit("old-people", "110105", Map.of("bornBefore", 1970), "tester"));
    assertEquals(Map.of("persons", 1), first.datasetVersions());
    Path csv = home.resolve("persons2.csv");
    Files.writeString(csv, "person_id,birth_year,district\nC1,1920,110105\n");
    pool.loadCsv("persons", csv, "test");

    RunRecord again = await(engine.rerun(first.id(), "other"));
    assertEquals(RunState.SUCCEEDED, again.state(), again.error());
    assertEquals(first.id(), again.rerunOf());
    assertEquals(Map.of("persons", 1), again.datasetVersions());
    assertEquals(first.parameters(), again.parameters());
    assertEquals(first.modelVersion(), again.modelVersion());
    assertEquals(2, again.cluesUpdated());
    // a fresh run reads version 2
    assertEquals(
        Map.of("persons", 2),
        await(engine.submit("old-people", "110105", Map.of(), "t")).datasetVersions());

    try (var c = pool.openRunConnection();
        var st = c.createStatement()) {
      st.execute("DROP TABLE pool.\"persons__v1\"");
    }
    var gone = assertThrows(RunRejectedException.class, () -> engine.rerun(first.id(), "other"));
    assertEquals(RunRejectedException.Reason.NOT_REPRODUCIBLE, gone.reason());
    assertTrue(gone.getMessage().contains("version 1 of dataset 'persons'"), gone.getMessage());

    ModelSource.Entry entry = entries.remove("old-people");
    var uninstalled =
        assertThrows(RunRejectedException.class, () -> engine.rerun(first.id(), "other"));
    assertEquals(RunRejectedException.Reason.NOT_REPRODUCIBLE, uninstalled.reason());
    assertTrue(
        uninstalled.getMessage().contains("not installed any more"), uninstalled.getMessage());
    entries.put("old-people", entry);
  }

  /** A trigger that remembers its jobs; the test fires them. */
  static class FakeTrigger implements ScheduleTrigger {
    final Map<String, Runnable> jobs = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void schedule(String name, String cron, Runnable job) {
      jobs.put(name, job);
    }

    @Override
    public void unschedule(String name) {
      jobs.remove(name);
    }
  }

  @Test
  void schedulesFireRunsAsTheSchedulerAndRecordSkippedFirings() throws Exception {
    FakeTrigger trigger = new FakeTrigger();
    java.time.Clock clock =
        java.time.Clock.fixed(
            java.time.Instant.parse("2026-01-01T02:00:00Z"), java.time.ZoneOffset.UTC);
    ModelSource source =
        new ModelSource() {
          @Override
          public Optional<Entry> entry(String modelId, String version) {
            return Optional.ofNullable(entries.get(modelId));
          }

          @Override
          public Optional<RegisteredModel> model(String modelId, String version) {
            return Optional.empty();
          }

          @Override
          public Optional<Model> service(String modelId, String version) {
            return Optional.empty();
          }
        };
    SchedulesImpl schedules =
        new SchedulesImpl(store, engine, enablements, source, audit, trigger, clock);

    var badCron =
        assertThrows(
            RunRejectedException.class,
            () -> schedules.put("old-people", "110105", "0 0 25 * * ?", Map.of(), "admin"));
    assertEquals(RunRejectedException.Reason.INVALID_SCHEDULE, badCron.reason());
    assertTrue(badCron.getMessage().contains("hours"), badCron.getMessage());
    var badParams =
        assertThrows(
            RunRejectedException.class,
            () ->
                schedules.put(
                    "old-people", "110105", "0 0 2 * * ?", Map.of("bornBefore", 1800), "admin"));
    assertEquals(RunRejectedException.Reason.INVALID_PARAMETERS, badParams.reason());
    assertTrue(trigger.jobs.isEmpty());

    schedules.put("old-people", "110105", "0 0 2 * * ?", Map.of("bornBefore", 1970), "admin");
    schedules.put("old-people", "110101", "0 30 2 ? * MON-FRI", Map.of(), "admin");
    assertEquals(2, trigger.jobs.size());
    assertEquals(1, schedules.list("110101").size());

    trigger.jobs.get("old-people/110105").run();
    var fired = schedules.get("old-people", "110105").orElseThrow();
    assertEquals(clock.instant(), fired.lastFiring());
    assertEquals(null, fired.lastError());
    RunRecord run = await(engine.get(fired.lastRunId()).orElseThrow());
    assertEquals(RunState.SUCCEEDED, run.state());
    assertEquals("scheduler", run.requestedBy());
    assertEquals(Map.of("bornBefore", 1970), run.parameters());

    // 110101 is switched off for old-people: the firing is skipped and recorded
    trigger.jobs.get("old-people/110101").run();
    var skipped = schedules.get("old-people", "110101").orElseThrow();
    assertEquals(clock.instant(), skipped.lastFiring());
    assertEquals(null, skipped.lastRunId());
    assertTrue(skipped.lastError().startsWith("skipped: "), skipped.lastError());

    // a restart registers the stored schedules again
    FakeTrigger after = new FakeTrigger();
    new SchedulesImpl(store, engine, enablements, source, audit, after, clock);
    assertEquals(trigger.jobs.keySet(), after.jobs.keySet());

    assertTrue(schedules.delete("old-people", "110101"));
    assertFalse(trigger.jobs.containsKey("old-people/110101"));
    assertTrue(schedules.get("old-people", "110101").isEmpty());

    // a cron of every second can fire before put() returns: the firing must find the schedule
    // (it used to take it for deleted elsewhere and unschedule it for good)
    FakeTrigger eager =
        new FakeTrigger() {
          @Override
          public void schedule(String name, String cron, Runnable job) {
            super.schedule(name, cron, job);
            job.run();
          }
        };
    SchedulesImpl firesAtOnce =
        new SchedulesImpl(store, engine, enablements, source, audit, eager, clock);
    firesAtOnce.put("old-people", "110101", "* * * * * ?", Map.of(), "admin");
    assertTrue(eager.jobs.containsKey("old-people/110101"), "still scheduled after its firing");
    assertEquals(
        clock.instant(), firesAtOnce.get("old-people", "110101").orElseThrow().lastFiring());
  }
}
