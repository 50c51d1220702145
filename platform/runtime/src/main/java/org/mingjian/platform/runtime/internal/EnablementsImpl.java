package org.mingjian.platform.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.Quarantine;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Enablement in the state store's {@code enablements} table. */
@Component(service = Enablements.class)
public final class EnablementsImpl implements Enablements {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "model_id, version, city_wide, districts, shadow_version, shadow_districts, parameters,"
          + " updated_by, updated_at";
  private final StateStore store;

  @Activate
  public EnablementsImpl(@Reference StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<Enablement> get(String modelId) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM enablements WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<Enablement>empty();
            }
          }
        });
  }

  @Override
  public List<Enablement> all() {
    return store.inTransaction(
        c -> {
          List<Enablement> out = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM enablements ORDER BY model_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(read(rs));
            }
          }
          return out;
        });
  }

  @Override
  public void put(Enablement e) {
    store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM enablements WHERE model_id = ?")) {
            del.setString(1, e.modelId());
            del.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO enablements (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(
                    ps,
                    e.modelId(),
                    e.version(),
                    e.cityWide(),
                    json(new TreeMap<>(e.districts())),
                    e.shadowVersion(),
                    json(e.shadowDistricts()),
                    json(new TreeMap<>(e.parameters())),
                    e.updatedBy(),
                    Instant.now())
                .executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean delete(String modelId) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM enablements WHERE model_id = ?")) {
            del.setString(1, modelId);
            return del.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<Quarantine> quarantine(String modelId) {
    return quarantines(modelId).stream().findFirst();
  }

  @Override
  public List<Quarantine> quarantines() {
    return quarantines(null);
  }

  private List<Quarantine> quarantines(String modelId) {
    return store.inTransaction(
        c -> {
          List<Quarantine> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT model_id, version, reason, run_id, quarantined_at FROM quarantines"
                      + (modelId == null ? "" : " WHERE model_id = ?")
                      + " ORDER BY model_id")) {
            if (modelId != null) {
              ps.setString(1, modelId);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Quarantine(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Jdbc.instant(rs, "quarantined_at")));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void quarantine(Quarantine q) {
    store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM quarantines WHERE model_id = ?")) {
            del.setString(1, q.modelId());
            del.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO quarantines (model_id, version, reason, run_id, quarantined_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            String reason = q.reason().length() > 3900 ? q.reason().substring(0, 3900) : q.reason();
            Jdbc.bind(
                    ps,
                    q.modelId(),
                    q.version(),
                    reason,
                    q.runId(),
                    q.at() != null ? q.at() : Instant.now())
                .executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean clearQuarantine(String modelId) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM quarantines WHERE model_id = ?")) {
            del.setString(1, modelId);
            return del.executeUpdate() > 0;
          }
        });
  }

  private static Enablement read(ResultSet rs) throws SQLException {
    return new Enablement(
        rs.getString("model_id"),
        rs.getString("version"),
        rs.getBoolean("city_wide"),
        parse(rs.getString("districts"), new TypeReference<Map<String, Boolean>>() {}),
        rs.getString("shadow_version"),
        parse(rs.getString("shadow_districts"), new TypeReference<List<String>>() {}),
        parse(rs.getString("parameters"), new TypeReference<Map<String, Map<String, Object>>>() {}),
        rs.getString("updated_by"),
        Jdbc.instant(rs, "updated_at"));
  }

  private static <T> T parse(String json, TypeReference<T> type) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
