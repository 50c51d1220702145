package org.mingjian.platform.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.runtime.RunRejectedException.Reason;
import org.mingjian.platform.runtime.Schedule;
import org.mingjian.platform.runtime.Schedules;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.runner.InvalidParametersException;
import org.mingjian.sdk.runner.ParameterBinder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules in the state store's {@code schedules} table, each registered with a {@link
 * ScheduleTrigger} (Karaf's scheduler). A firing submits a run as {@value Schedules#USER}; a firing
 * the engine refuses (model not enabled there, quarantined, parameters no longer valid) is recorded
 * on the schedule as skipped, and the schedule stays.
 */
@Component(service = Schedules.class)
public final class SchedulesImpl implements Schedules {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "model_id, district, cron, parameters, updated_by, updated_at, last_firing, last_run_id,"
          + " last_error";

  private final StateStore store;
  private final RunEngine engine;
  private final Enablements enablements;
  private final ModelSource registry;
  private final AuditLog audit;
  private final ScheduleTrigger trigger;
  private final Clock clock;

  @Activate
  public SchedulesImpl(
      @Reference StateStore store,
      @Reference RunEngine engine,
      @Reference Enablements enablements,
      @Reference ModelSource registry,
      @Reference AuditLog audit,
      @Reference ScheduleTrigger trigger) {
    this(store, engine, enablements, registry, audit, trigger, Clock.systemUTC());
  }

  SchedulesImpl(
      StateStore store,
      RunEngine engine,
      Enablements enablements,
      ModelSource registry,
      AuditLog audit,
      ScheduleTrigger trigger,
      Clock clock) {
    this.store = store;
    this.engine = engine;
    this.enablements = enablements;
    this.registry = registry;
    this.audit = audit;
    this.trigger = trigger;
    this.clock = clock;
    for (Schedule s : list(null)) {
      try {
        trigger.schedule(key(s.modelId(), s.district()), s.cron(), job(s.modelId(), s.district()));
      } catch (IllegalArgumentException e) {
        LOG.error("Schedule of {} for {} cannot be registered: {}", s.modelId(), s.district(), e);
      }
    }
  }

  @Deactivate
  void stop() {
    for (Schedule s : list(null)) {
      trigger.unschedule(key(s.modelId(), s.district()));
    }
  }

  private static String key(String modelId, String district) {
    return modelId + "/" + district;
  }

  private Runnable job(String modelId, String district) {
    return () -> fire(modelId, district);
  }

  @Override
  public Schedule put(
      String modelId, String district, String cron, Map<String, Object> parameters, String actor)
      throws RunRejectedException {
    Optional<String> problem = CronSyntax.problem(cron);
    if (problem.isPresent()) {
      throw new RunRejectedException(
          Reason.INVALID_SCHEDULE,
          "invalid cron expression: " + problem.get(),
          Map.of("cron", problem.get()));
    }
    Map<String, Object> params = parameters == null ? Map.of() : parameters;
    // the model's descriptor, when a bundle provides it here; else checked at each firing
    var entry =
        registry.entry(modelId, enablements.get(modelId).map(e -> e.version()).orElse(null));
    if (entry.isEmpty()) {
      entry = registry.entry(modelId, null);
    }
    if (entry.isPresent()) {
      try {
        ParameterBinder.bind(entry.get().descriptor(), params);
      } catch (InvalidParametersException e) {
        throw new RunRejectedException(
            Reason.INVALID_PARAMETERS, "the parameters do not fit the model", e.problems());
      }
    }
    String name = key(modelId, district);
    Optional<Schedule> previous = get(modelId, district);
    // the row first, then the trigger: a firing right after the trigger is set (a cron of every
    // second) must find the row, or it takes the schedule for deleted and unschedules it
    Instant now = clock.instant();
    save(modelId, district, cron.trim(), params, actor, now);
    try {
      trigger.schedule(name, cron.trim(), job(modelId, district));
    } catch (IllegalArgumentException e) {
      // the scheduler refused what the syntax check let through: back to what was there
      if (previous.isPresent()) {
        Schedule p = previous.get();
        save(modelId, district, p.cron(), p.parameters(), p.updatedBy(), p.updatedAt());
      } else {
        store.inTransaction(c -> delete(c, modelId, district));
      }
      throw new RunRejectedException(
          Reason.INVALID_SCHEDULE,
          "invalid cron expression: " + e.getMessage(),
          Map.of("cron", String.valueOf(e.getMessage())));
    }
    audit.append(
        new AuditEvent(
            actor,
            district,
            "schedule.set",
            modelId,
            Map.of("cron", cron.trim(), "parameters", new TreeMap<>(params))));
    return get(modelId, district).orElseThrow();
  }

  private void save(
      String modelId,
      String district,
      String cron,
      Map<String, Object> params,
      String actor,
      Instant at) {
    store.inTransaction(
        c -> {
          delete(c, modelId, district);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO schedules (model_id, district, cron, parameters, updated_by,"
                      + " updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, modelId, district, cron, json(new TreeMap<>(params)), actor, at)
                .executeUpdate();
          }
          return null;
        });
  }

  private static int delete(Connection c, String modelId, String district) throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM schedules WHERE model_id = ? AND district = ?")) {
      return Jdbc.bind(del, modelId, district).executeUpdate();
    }
  }

  /**
   * Fires a schedule: submits its run, or records why it was skipped.
   *
   * @param modelId the model
   * @param district the district
   * @return the run, or empty when the firing was skipped
   */
  Optional<RunRecord> fire(String modelId, String district) {
    Optional<Schedule> schedule = get(modelId, district);
    if (schedule.isEmpty()) {
      trigger.unschedule(key(modelId, district)); // deleted elsewhere
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!enablements.isEnabled(modelId, district)) {
      String why = "skipped: model '" + modelId + "' is not enabled in district " + district;
      recordFiring(modelId, district, now, null, why);
      LOG.info("Schedule of {} for {} {}", modelId, district, why);
      return Optional.empty();
    }
    try {
      RunRecord run = engine.submit(modelId, district, schedule.get().parameters(), USER);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("modelId", modelId);
      details.put("district", district);
      details.put("parameters", run.parameters());
      details.put("scheduled", schedule.get().cron());
      audit.append(new AuditEvent(USER, district, "run.requested", run.id(), details));
      recordFiring(modelId, district, now, run.id(), null);
      return Optional.of(run);
    } catch (RunRejectedException e) {
      String why = "skipped: " + e.getMessage() + (e.details().isEmpty() ? "" : " " + e.details());
      recordFiring(modelId, district, now, null, why);
      LOG.info("Schedule of {} for {} {}", modelId, district, why);
      return Optional.empty();
    } catch (RuntimeException e) {
      recordFiring(modelId, district, now, null, "failed: " + e);
      LOG.warn("Schedule of {} for {} failed", modelId, district, e);
      return Optional.empty();
    }
  }

  private void recordFiring(
      String modelId, String district, Instant at, String runId, String error) {
    String err = error != null && error.length() > 3900 ? error.substring(0, 3900) : error;
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE schedules SET last_firing = ?, last_run_id = ?, last_error = ?"
                      + " WHERE model_id = ? AND district = ?")) {
            return Jdbc.bind(ps, at, runId, err, modelId, district).executeUpdate();
          }
        });
  }

  @Override
  public Optional<Schedule> get(String modelId, String district) {
    return select(" WHERE model_id = ? AND district = ?", modelId, district).stream().findFirst();
  }

  @Override
  public List<Schedule> list(String district) {
    return district == null
        ? select(" ORDER BY model_id, district")
        : select(" WHERE district = ? ORDER BY model_id, district", district);
  }

  @Override
  public boolean delete(String modelId, String district) {
    trigger.unschedule(key(modelId, district));
    return store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM schedules WHERE model_id = ? AND district = ?")) {
            return Jdbc.bind(del, modelId, district).executeUpdate() > 0;
          }
        });
  }

  private List<Schedule> select(String where, Object... args) {
    return store.inTransaction(
        c -> {
          List<Schedule> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM schedules" + where)) {
            Jdbc.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  private static Schedule read(ResultSet rs) throws SQLException {
    Map<String, Object> params;
    try {
      params =
          JSON.readValue(rs.getString("parameters"), new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt schedule: " + e.getMessage(), e);
    }
    return new Schedule(
        rs.getString("model_id"),
        rs.getString("district"),
        rs.getString("cron"),
        params,
        rs.getString("updated_by"),
        Jdbc.instant(rs, "updated_at"),
        Jdbc.instant(rs, "last_firing"),
        rs.getString("last_run_id"),
        rs.getString("last_error"));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
