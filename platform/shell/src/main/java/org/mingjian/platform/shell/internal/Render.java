package org.mingjian.platform.shell.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.sdk.validator.Check;

/** The plain-text views the commands print. */
final class Render {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Render() {}

  /**
   * @param entries the catalog
   * @param inForce the enablement of a model, if any
   * @return the table: model, latest version and its state, version in force (marked QUARANTINED
   *     when its runs are refused), number of districts where it is on, name
   */
  static List<String> catalog(
      List<CatalogEntry> entries, Function<String, Optional<Enablement>> inForce) {
    if (entries.isEmpty()) {
      return List.of("no models in the catalog");
    }
    TextTable t = new TextTable("MODEL", "LATEST", "STATE", "IN FORCE", "DISTRICTS", "NAME");
    for (CatalogEntry e : entries) {
      ModelVersion latest = e.latest();
      String version =
          inForce.apply(e.modelId()).map(Enablement::version).filter(v -> !v.isBlank()).orElse("-");
      if (e.quarantine() != null) {
        // runs refused until a city administrator enables the model again
        version = e.quarantine().version() + " QUARANTINED";
      }
      t.row(
          e.modelId(),
          latest == null ? null : latest.version(),
          latest == null ? null : latest.state(),
          version,
          e.enabledIn() == null ? 0 : e.enabledIn().size(),
          latest == null ? null : latest.name());
    }
    return t.lines();
  }

  /**
   * @param versions submissions, newest first
   * @param state the state asked for, or {@code null}
   * @return the table: id, model, version, state, author district, who submitted it and when
   */
  static List<String> submissions(List<ModelVersion> versions, String state) {
    if (versions.isEmpty()) {
      return List.of(state == null ? "no submissions" : "no " + state + " submissions");
    }
    TextTable t =
        new TextTable(
            "ID", "MODEL", "VERSION", "STATE", "ORIGIN", "DISTRICT", "SUBMITTED BY", "SUBMITTED");
    for (ModelVersion v : versions) {
      t.row(
          v.id(),
          v.modelId(),
          v.version(),
          v.state(),
          v.origin(),
          v.authorDistrict(),
          v.submittedBy(),
          time(v.submittedAt()));
    }
    return t.lines();
  }

  /**
   * @param verb what happened, e.g. {@code approved}
   * @param v the version
   * @return {@code verb model version (submission id), state STATE} and the review or revocation
   */
  static List<String> version(String verb, ModelVersion v) {
    List<String> lines = new ArrayList<>();
    lines.add(
        verb
            + " "
            + v.modelId()
            + " "
            + v.version()
            + " (submission "
            + v.id()
            + "), state "
            + v.state());
    if (v.reviewedBy() != null) {
      lines.add(
          "  reviewed by "
              + v.reviewedBy()
              + " at "
              + time(v.reviewedAt())
              + (v.reviewComment() == null || v.reviewComment().isBlank()
                  ? ""
                  : ": " + v.reviewComment()));
    }
    if (v.revokedBy() != null) {
      lines.add(
          "  revoked by " + v.revokedBy() + " at " + time(v.revokedAt()) + ": " + v.revokeReason());
    }
    return lines;
  }

  /**
   * @param checks a validation report ({@link Check}s)
   * @return one aligned line per check: {@code check OUTCOME message}
   */
  static List<String> report(Collection<?> checks) {
    TextTable t = new TextTable();
    for (Object o : checks) {
      if (o instanceof Check c) {
        t.row(c.check(), c.outcome(), c.message());
      } else if (o instanceof Map<?, ?> m) {
        t.row(m.get("check"), m.get("outcome"), m.get("message"));
      } else {
        t.row(o);
      }
    }
    return t.lines();
  }

  /**
   * @param e an enablement in force
   * @return where the model runs, in which version, with which overrides
   */
  static List<String> enablement(Enablement e) {
    List<String> lines = new ArrayList<>();
    lines.add(
        e.modelId()
            + " "
            + (e.version() == null ? "(installed version)" : e.version())
            + " in force: "
            + (e.cityWide() ? "on city-wide" : "off by default"));
    List<String> on = new ArrayList<>();
    List<String> off = new ArrayList<>();
    new TreeMap<>(e.districts()).forEach((d, v) -> (v ? on : off).add(d));
    if (!on.isEmpty()) {
      lines.add("  on in:  " + String.join(", ", on));
    }
    if (!off.isEmpty()) {
      lines.add("  off in: " + String.join(", ", off));
    }
    if (e.shadowVersion() != null) {
      lines.add(
          "  shadow: "
              + e.shadowVersion()
              + " in "
              + (e.shadowDistricts().isEmpty() ? "-" : String.join(", ", e.shadowDistricts())));
    }
    if (!e.parameters().isEmpty()) {
      lines.add(
          "  local parameters in: " + String.join(", ", new TreeSet<>(e.parameters().keySet())));
    }
    return lines;
  }

  /**
   * @param t an instant, or {@code null}
   * @return {@code yyyy-MM-dd HH:mm:ssZ} (UTC), or {@code -}
   */
  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
