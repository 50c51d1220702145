package org.mingjian.platform.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mingjian.platform.clues.ClueEvent;
import org.mingjian.platform.clues.ClueMetrics;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.security.Masking;
import org.mingjian.sdk.descriptor.ClueFieldSpec;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.mingjian.sdk.model.Evidence;

/** How platform objects look in the API. Personal data is masked here, on the way out. */
final class Views {
  private Views() {}

  static Map<String, Object> clue(
      StoredClue c, boolean withEvidence, DataPool pool, Optional<RegisteredModel> model) {
    return clue(c, withEvidence, pool, model, false);
  }

  /** Whether a clue carries SENSITIVE data (criminal, health or financial detail). */
  static boolean hasSensitive(StoredClue c, DataPool pool, Optional<RegisteredModel> model) {
    for (Evidence e : c.evidence()) {
      Optional<DatasetInfo> ds = pool.dataset(e.dataset());
      for (String field : e.fields().keySet()) {
        if (ds.flatMap(d -> d.sensitivity(field)).orElse(Sensitivity.INTERNAL)
            == Sensitivity.SENSITIVE) {
          return true;
        }
      }
    }
    return model
        .map(
            m ->
                m.descriptor().clueFields().stream()
                    .anyMatch(
                        f ->
                            f.sensitivity() == Sensitivity.SENSITIVE
                                && c.fields().containsKey(f.name())))
        .orElse(false);
  }

  /**
   * @param reveal {@code true} only for an audited reveal: personal data is then shown as stored
   */
  static Map<String, Object> clue(
      StoredClue c,
      boolean withEvidence,
      DataPool pool,
      Optional<RegisteredModel> model,
      boolean reveal) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("modelId", c.modelId());
    m.put("modelVersion", c.modelVersion());
    m.put("district", c.district());
    m.put("subject", reveal ? c.subject() : Masking.text(c.subject()));
    m.put("title", reveal ? c.title() : Masking.idsInText(c.title()));
    m.put("score", c.score());
    m.put("state", c.state());
    m.put("firstSeen", c.firstSeen().toString());
    m.put("lastSeen", c.lastSeen().toString());
    m.put("seenCount", c.seenCount());
    m.put("flag", c.flag());
    m.put("assignee", c.assignee());
    m.put("disposition", c.disposition());
    m.put("stateChangedAt", c.stateChangedAt() == null ? null : c.stateChangedAt().toString());
    m.put("ageDays", c.ageDays());
    m.put("fields", reveal ? c.fields() : fields(c.fields(), model));
    if (withEvidence) {
      List<Map<String, Object>> evidence = new ArrayList<>();
      for (Evidence e : c.evidence()) {
        Optional<DatasetInfo> ds = pool.dataset(e.dataset());
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("dataset", e.dataset());
        ev.put("rowKey", reveal ? e.rowKey() : maskKey(e, ds));
        Map<String, Object> f = new LinkedHashMap<>();
        e.fields()
            .forEach((k, v) -> f.put(k, reveal ? v : mask(v, ds.flatMap(d -> d.sensitivity(k)))));
        ev.put("fields", f);
        evidence.add(ev);
      }
      m.put("evidence", evidence);
      m.put("firstRunId", c.firstRunId());
      m.put("lastRunId", c.lastRunId());
    }
    return m;
  }

  /** A clue's history; ID numbers typed into notes and comments are masked like titles. */
  static List<Map<String, Object>> history(List<ClueEvent> events) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ClueEvent e : events) {
      out.add(event(e));
    }
    return out;
  }

  static Map<String, Object> event(ClueEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("at", e.at().toString());
    m.put("actor", e.actor());
    m.put("kind", e.kind());
    m.put("from", e.fromState());
    m.put("to", e.toState());
    m.put("note", e.note() == null ? null : Masking.idsInText(e.note()));
    m.put("disposition", e.disposition());
    m.put("assignee", e.assignee());
    return m;
  }

  static Map<String, Object> metrics(ClueMetrics x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", x.modelId());
    m.put("district", x.district());
    m.put("clues", x.clues());
    m.put("confirmed", x.confirmed());
    m.put("dismissed", x.dismissed());
    m.put("open", x.open());
    m.put("conversionRate", x.conversionRate());
    m.put("medianDaysToDisposition", x.medianDaysToDisposition());
    return m;
  }

  /**
   * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a leading {@code =
   * + - @} is defused with an apostrophe so spreadsheets do not run it as a formula.
   */
  static String csv(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 && !v.matches("-?\\d+(\\.\\d+)?")) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }

  private static Object maskKey(Evidence e, Optional<DatasetInfo> ds) {
    Optional<Sensitivity> s = ds.flatMap(d -> d.sensitivity(d.definition().keyColumn()));
    return mask(e.rowKey(), s);
  }

  /** Values of unknown sensitivity are treated as personal when they look like an ID number. */
  private static Object mask(Object v, Optional<Sensitivity> s) {
    if (s.isPresent()) {
      return Masking.value(v, s.get());
    }
    return v instanceof String str ? Masking.idsInText(str) : v;
  }

  private static Map<String, Object> fields(
      Map<String, Object> fields, Optional<RegisteredModel> model) {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach(
        (k, v) -> {
          Optional<Sensitivity> s =
              model.flatMap(
                  m ->
                      m.descriptor().clueFields().stream()
                          .filter(f -> f.name().equals(k))
                          .map(ClueFieldSpec::sensitivity)
                          .findFirst());
          out.put(k, mask(v, s));
        });
    return out;
  }

  static Map<String, Object> run(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("modelId", r.modelId());
    m.put("version", r.modelVersion());
    m.put("district", r.district());
    m.put("state", r.state().name());
    m.put("progress", r.progress());
    m.put("requestedBy", r.requestedBy());
    m.put("requestedAt", r.requestedAt().toString());
    m.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
    m.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("cluesNew", r.cluesNew());
    stats.put("cluesUpdated", r.cluesUpdated());
    stats.put("durationMs", r.durationMs());
    m.put("stats", stats);
    m.put("error", r.error());
    Map<String, Object> repro = new LinkedHashMap<>();
    repro.put("bundleSha256", r.bundleSha256());
    repro.put("parameters", r.parameters());
    repro.put("datasetVersions", r.datasetVersions() == null ? Map.of() : r.datasetVersions());
    m.put("reproducibility", repro);
    m.put("shadowOf", r.shadowOf());
    m.put("rerunOf", r.rerunOf());
    return m;
  }

  static Map<String, Object> model(RegisteredModel rm) {
    ModelDescriptor d = rm.descriptor();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", d.id());
    m.put("name", d.name());
    m.put("version", d.version());
    m.put("supervisionPoint", d.supervisionPoint());
    m.put("legalBasis", d.legalBasis());
    m.put("businessLine", d.businessLine().name());
    m.put("authorDistrict", d.authorDistrict());
    m.put("kind", d.kind().name());
    List<Map<String, Object>> datasets = new ArrayList<>();
    d.datasets().forEach(ds -> datasets.add(Map.of("name", ds.name(), "columns", ds.columns())));
    m.put("datasets", datasets);
    List<Map<String, Object>> params = new ArrayList<>();
    for (ParameterSpec p : d.parameters()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("name", p.name());
      pm.put("type", p.type().name());
      pm.put(
          "default",
          p.defaultValue() instanceof Number || p.defaultValue() instanceof Boolean
              ? p.defaultValue()
              : String.valueOf(p.defaultValue()));
      pm.put("min", p.min());
      pm.put("max", p.max());
      pm.put("description", p.description());
      params.add(pm);
    }
    m.put("parameters", params);
    List<Map<String, Object>> fields = new ArrayList<>();
    d.clueFields()
        .forEach(
            f ->
                fields.add(
                    Map.of(
                        "name",
                        f.name(),
                        "description",
                        f.description(),
                        "sensitivity",
                        f.sensitivity().name())));
    m.put("clueFields", fields);
    m.put("runnable", rm.runnable());
    if (!rm.runnable()) {
      m.put("problem", rm.problem());
    }
    return m;
  }

  static Map<String, Object> dataset(DatasetInfo d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", d.definition().name());
    m.put("description", d.definition().description());
    m.put("owner", d.definition().owner());
    m.put("cityWide", d.cityWide());
    m.put("districtColumn", d.definition().districtColumn());
    m.put("keyColumn", d.definition().keyColumn());
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnInfo c : d.definition().columns()) {
      cols.add(Map.of("name", c.name(), "type", c.type(), "sensitivity", c.sensitivity().name()));
    }
    m.put("columns", cols);
    m.put("currentVersion", d.currentVersion());
    m.put("rows", d.rows());
    m.put("loadedAt", d.loadedAt() == null ? null : d.loadedAt().toString());
    return m;
  }
}
