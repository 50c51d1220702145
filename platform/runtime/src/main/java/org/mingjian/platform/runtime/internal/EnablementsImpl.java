package org.mingjian.platform.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Enablement in the state store's {@code enablements} table. */
@Component(service = Enablements.class)
public final class EnablementsImpl implements Enablements {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final StateStore store;

  @Activate
  public EnablementsImpl(@Reference StateStore store) {
    this.store = store;
  }

  @Override
  public boolean isEnabled(String modelId, String district) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT city_wide, districts FROM enablements WHERE model_id = ?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              Map<String, Boolean> overrides = parse(rs.getString(2));
              Boolean override = overrides.get(district);
              return override != null ? override : rs.getBoolean(1);
            }
          }
        });
  }

  @Override
  public void set(String modelId, boolean cityWide, Map<String, Boolean> districts, String actor) {
    String json;
    try {
      json = JSON.writeValueAsString(new TreeMap<>(districts));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement del =
              c.prepareStatement("DELETE FROM enablements WHERE model_id = ?")) {
            del.setString(1, modelId);
            del.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO enablements (model_id, version, city_wide, districts, updated_by, updated_at)"
                      + " VALUES (?, NULL, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, modelId, cityWide, json, actor, Instant.now()).executeUpdate();
          }
          return null;
        });
  }

  private static Map<String, Boolean> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Boolean>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }
}
