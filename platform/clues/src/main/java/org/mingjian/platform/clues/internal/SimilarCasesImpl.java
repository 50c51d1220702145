package org.mingjian.platform.clues.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mingjian.platform.clues.SimilarCaseGroup;
import org.mingjian.platform.clues.SimilarCases;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Groups the CONFIRMED clues by model and pattern. Confirmed clues are few (each was verified by a
 * prosecutor), so they are grouped in memory from one query.
 */
@Component(service = SimilarCases.class)
public final class SimilarCasesImpl implements SimilarCases {
  static final int EXAMPLES = 5;
  private static final int MAX_PART = 64;

  private final StateStore store;

  @Activate
  public SimilarCasesImpl(@Reference StateStore store) {
    this.store = store;
  }

  /**
   * The pattern of a clue: its {@code reason} field, several reasons ({@code A|B}) sorted and
   * joined by {@code +}, each part upper case, letters, digits and underscores only; the empty
   * string when there is no reason.
   *
   * @param fields the clue's fields
   * @return the pattern
   */
  static String pattern(Map<String, Object> fields) {
    Object reason = fields == null ? null : fields.get("reason");
    if (reason == null) {
      return "";
    }
    TreeSet<String> parts = new TreeSet<>();
    for (String part : reason.toString().split("[|,;+]")) {
      String p =
          part.strip()
              .toUpperCase(Locale.ROOT)
              .replaceAll("[^A-Z0-9_]+", "_")
              .replaceAll("^_+|_+$", "");
      if (!p.isEmpty()) {
        parts.add(p.length() > MAX_PART ? p.substring(0, MAX_PART) : p);
      }
    }
    return String.join("+", parts);
  }

  /**
   * @param modelId a model id
   * @param pattern its pattern
   * @return the group key: the model id alone, or the model id, a dot and the pattern's parts
   *     joined by dots (letters, digits, {@code - _ .} only: safe in a URL path)
   */
  static String key(String modelId, String pattern) {
    return pattern.isEmpty() ? modelId : modelId + "." + pattern.replace('+', '.');
  }

  @Override
  public List<SimilarCaseGroup> groups(String modelId) {
    List<StoredClue> confirmed =
        store.inTransaction(
            c -> {
              List<StoredClue> out = new ArrayList<>();
              String sql =
                  "SELECT * FROM clue_rows WHERE state = 'CONFIRMED'"
                      + (modelId == null ? "" : " AND model_id = ?")
                      + " ORDER BY state_changed_at, id";
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (modelId != null) {
                  ps.setString(1, modelId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(ClueStoreImpl.read(rs));
                  }
                }
              }
              return out;
            });
    Map<String, List<StoredClue>> byKey = new LinkedHashMap<>();
    Map<String, String> patterns = new TreeMap<>();
    for (StoredClue c : confirmed) {
      String pattern = pattern(c.fields());
      String key = key(c.modelId(), pattern);
      patterns.put(key, pattern);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    List<SimilarCaseGroup> out = new ArrayList<>();
    byKey.forEach((key, clues) -> out.add(group(key, patterns.get(key), clues)));
    out.sort(
        Comparator.comparingInt(SimilarCaseGroup::districts)
            .reversed()
            .thenComparing(Comparator.comparingLong(SimilarCaseGroup::total).reversed())
            .thenComparing(SimilarCaseGroup::key));
    return out;
  }

  @Override
  public Optional<SimilarCaseGroup> group(String key) {
    if (key == null || key.isEmpty() || key.length() > 300) {
      return Optional.empty();
    }
    return groups(null).stream().filter(g -> g.key().equals(key)).findFirst();
  }

  /** The clues come in order of confirmation. */
  private static SimilarCaseGroup group(String key, String pattern, List<StoredClue> clues) {
    TreeMap<String, Long> byDistrict = new TreeMap<>();
    TreeMap<String, Long> dispositions = new TreeMap<>();
    Instant first = null;
    Instant last = null;
    Map<String, List<StoredClue>> perDistrict = new TreeMap<>();
    for (StoredClue c : clues) {
      byDistrict.merge(c.district(), 1L, Long::sum);
      if (c.disposition() != null) {
        dispositions.merge(c.disposition(), 1L, Long::sum);
      }
      Instant at = c.stateChangedAt() != null ? c.stateChangedAt() : c.lastSeen();
      first = first == null || at.isBefore(first) ? at : first;
      last = last == null || at.isAfter(last) ? at : last;
      perDistrict.computeIfAbsent(c.district(), d -> new ArrayList<>()).add(c);
    }
    // examples: the latest confirmed of each district in turn, so that every district shows
    List<StoredClue> examples = new ArrayList<>();
    for (int round = 0; examples.size() < EXAMPLES; round++) {
      boolean any = false;
      for (List<StoredClue> d : perDistrict.values()) {
        int i = d.size() - 1 - round;
        if (i >= 0 && examples.size() < EXAMPLES) {
          examples.add(d.get(i));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    String modelId = clues.get(0).modelId();
    return new SimilarCaseGroup(
        key, modelId, pattern, byDistrict, clues.size(), dispositions, first, last, examples);
  }
}
