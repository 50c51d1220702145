package org.mingjian.platform.clues.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.clues.Page;
import org.mingjian.platform.clues.RecordResult;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Clues in the state store's {@code clues} table, evidence and fields as JSON. */
@Component(service = ClueStore.class)
public final class ClueStoreImpl implements ClueStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK = 500;
  private final StateStore store;

  @Activate
  public ClueStoreImpl(@Reference StateStore store) {
    this.store = store;
  }

  /**
   * @param modelId the model
   * @param clue a clue with its district set
   * @return the clue's identity across runs
   */
  public static String fingerprint(String modelId, Clue clue) {
    TreeSet<String> keys = new TreeSet<>();
    for (Evidence e : clue.evidence()) {
      keys.add(e.dataset() + ':' + e.rowKey());
    }
    String identity =
        modelId
            + '\u0000'
            + clue.district()
            + '\u0000'
            + clue.subject()
            + '\u0000'
            + String.join("\u0000", keys);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public RecordResult record(String modelId, String modelVersion, String runId, List<Clue> clues) {
    // the same finding twice in one run is one clue
    Map<String, Clue> byFingerprint = new LinkedHashMap<>();
    for (Clue c : clues) {
      if (c.district() == null) {
        throw new IllegalArgumentException("clue without district: " + c);
      }
      byFingerprint.putIfAbsent(fingerprint(modelId, c), c);
    }
    List<String> all = new ArrayList<>(byFingerprint.keySet());
    Instant now = Instant.now();
    return store.inTransaction(
        c -> {
          int created = 0;
          int updated = 0;
          for (int from = 0; from < all.size(); from += CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            java.util.Set<String> existing = existing(c, chunk);
            try (PreparedStatement upd =
                    c.prepareStatement(
                        "UPDATE clues SET last_seen = ?, last_run_id = ?, model_version = ?, seen_count = seen_count + 1"
                            + " WHERE fingerprint = ?");
                PreparedStatement ins =
                    c.prepareStatement(
                        "INSERT INTO clues (id, fingerprint, model_id, model_version, district, subject, title, score, state,"
                            + " evidence, fields, first_run_id, last_run_id, first_seen, last_seen, seen_count)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'NEW', ?, ?, ?, ?, ?, ?, 1)")) {
              for (String fp : chunk) {
                Clue clue = byFingerprint.get(fp);
                if (existing.contains(fp)) {
                  Jdbc.bind(upd, now, runId, modelVersion, fp).addBatch();
                  updated++;
                } else {
                  Jdbc.bind(
                          ins,
                          UUID.randomUUID().toString(),
                          fp,
                          modelId,
                          modelVersion,
                          clue.district(),
                          truncate(clue.subject(), 128),
                          truncate(clue.title(), 1000),
                          clue.score(),
                          json(evidence(clue)),
                          json(plain(clue.fields())),
                          runId,
                          runId,
                          now,
                          now)
                      .addBatch();
                  created++;
                }
              }
              upd.executeBatch();
              ins.executeBatch();
            }
          }
          return new RecordResult(created, updated);
        });
  }

  private static java.util.Set<String> existing(Connection c, List<String> fingerprints)
      throws SQLException {
    java.util.Set<String> found = new java.util.HashSet<>();
    StringBuilder sql = new StringBuilder("SELECT fingerprint FROM clues WHERE fingerprint IN (");
    for (int i = 0; i < fingerprints.size(); i++) {
      sql.append(i == 0 ? "?" : ",?");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
      Jdbc.bind(ps, fingerprints.toArray());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    return found;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static List<Map<String, Object>> evidence(Clue clue) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Evidence e : clue.evidence()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", e.dataset());
      m.put("rowKey", e.rowKey());
      m.put("fields", plain(e.fields()));
      out.add(m);
    }
    return out;
  }

  /** Values JSON can carry: dates and other objects become their ISO text. */
  private static Map<String, Object> plain(Map<String, Object> values) {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            out.put(
                k,
                v == null || v instanceof Number || v instanceof Boolean || v instanceof String
                    ? v
                    : v.toString()));
    return out;
  }

  private static String json(Object o) throws SQLException {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new SQLException("cannot serialise clue: " + e.getMessage(), e);
    }
  }

  @Override
  public Page<StoredClue> list(ClueFilter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (filter.district() != null) {
      where.append(" AND district = ?");
      args.add(filter.district());
    }
    if (filter.modelId() != null) {
      where.append(" AND model_id = ?");
      args.add(filter.modelId());
    }
    if (filter.state() != null) {
      where.append(" AND state = ?");
      args.add(filter.state());
    }
    return store.inTransaction(
        c -> {
          long total;
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM clues" + where)) {
            Jdbc.bind(ps, args.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              total = rs.getLong(1);
            }
          }
          List<StoredClue> items = new ArrayList<>();
          List<Object> pageArgs = new ArrayList<>(args);
          pageArgs.add(size);
          pageArgs.add((long) page * size);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT * FROM clues"
                      + where
                      + " ORDER BY last_seen DESC, score DESC, id LIMIT ? OFFSET ?")) {
            Jdbc.bind(ps, pageArgs.toArray());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                items.add(read(rs));
              }
            }
          }
          return new Page<>(items, page, size, total);
        });
  }

  @Override
  public Optional<StoredClue> get(String id) {
    if (id == null || id.length() > 36) {
      return Optional.empty();
    }
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT * FROM clues WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<StoredClue>empty();
            }
          }
        });
  }

  private static StoredClue read(ResultSet rs) throws SQLException {
    try {
      List<Map<String, Object>> ev =
          JSON.readValue(rs.getString("evidence"), new TypeReference<>() {});
      List<Evidence> evidence = new ArrayList<>();
      for (Map<String, Object> m : ev) {
        Evidence e = Evidence.of((String) m.get("dataset"), (String) m.get("rowKey"));
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) m.getOrDefault("fields", new HashMap<>());
        for (Map.Entry<String, Object> x : f.entrySet()) {
          e = e.with(x.getKey(), x.getValue() instanceof BigDecimal d ? d : x.getValue());
        }
        evidence.add(e);
      }
      Map<String, Object> fields =
          JSON.readValue(
              rs.getString("fields"), new TypeReference<LinkedHashMap<String, Object>>() {});
      return new StoredClue(
          rs.getString("id"),
          rs.getString("fingerprint"),
          rs.getString("model_id"),
          rs.getString("model_version"),
          rs.getString("district"),
          rs.getString("subject"),
          rs.getString("title"),
          rs.getDouble("score"),
          rs.getString("state"),
          evidence,
          fields,
          rs.getString("first_run_id"),
          rs.getString("last_run_id"),
          Jdbc.instant(rs, "first_seen"),
          Jdbc.instant(rs, "last_seen"),
          rs.getInt("seen_count"));
    } catch (JsonProcessingException e) {
      throw new SQLException("corrupt clue " + rs.getString("id") + ": " + e.getMessage(), e);
    }
  }
}
