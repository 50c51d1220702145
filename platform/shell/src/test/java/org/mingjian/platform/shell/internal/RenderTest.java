package org.mingjian.platform.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.Enablement;

class RenderTest {

  private static ModelVersion version(String model, String v, String state) {
    return new ModelVersion(
        "s-" + model + "-" + v,
        model,
        v,
        state,
        "SUBMITTED",
        "Name of " + model,
        "point",
        "line",
        "SQL",
        List.of(),
        "110105",
        "chaoyang.publisher",
        Instant.parse("2025-03-01T08:15:30.123Z"),
        "sha",
        10,
        "bsn",
        v,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void theCatalogIsAnAlignedTable() {
    CatalogEntry a =
        new CatalogEntry(
            "provident-fund-false-litigation",
            version("provident-fund-false-litigation", "1.0.0", "APPROVED"),
            List.of(),
            List.of("110101", "110105"),
            Map.of(),
            Map.of(),
            null);
    CatalogEntry b =
        new CatalogEntry(
            "x",
            version("x", "0.1.0", "VALIDATED"),
            List.of(),
            List.of(),
            Map.of(),
            Map.of(),
            null);
    Enablement on =
        new Enablement(
            "provident-fund-false-litigation",
            "1.0.0",
            true,
            null,
            null,
            null,
            null,
            "admin",
            null);
    List<String> lines =
        Render.catalog(List.of(a, b), id -> id.equals("x") ? Optional.empty() : Optional.of(on));
    assertEquals(
        List.of(
            "MODEL                            LATEST  STATE      IN FORCE  DISTRICTS  NAME",
            "provident-fund-false-litigation  1.0.0   APPROVED   1.0.0     2          Name of"
                + " provident-fund-false-litigation",
            "x                                0.1.0   VALIDATED  -         0          Name of x"),
        lines);
  }

  @Test
  void aQuarantinedModelSaysSo() {
    CatalogEntry stuck =
        new CatalogEntry(
            "stuck",
            version("stuck", "1.0.0", "APPROVED"),
            List.of(),
            List.of("110105"),
            Map.of(),
            Map.of(),
            new org.mingjian.platform.runtime.Quarantine(
                "stuck", "1.0.0", "ignored its time limit", "run-1", null));
    List<String> lines = Render.catalog(List.of(stuck), id -> Optional.empty());
    assertTrue(lines.get(1).contains("1.0.0 QUARANTINED"), lines.get(1));
  }

  @Test
  void emptyListsSaySo() {
    assertEquals(
        List.of("no models in the catalog"), Render.catalog(List.of(), id -> Optional.empty()));
    assertEquals(List.of("no VALIDATED submissions"), Render.submissions(List.of(), "VALIDATED"));
  }

  @Test
  void submissionsShowWhoAndWhen() {
    List<String> lines = Render.submissions(List.of(version("x", "0.1.0", "VALIDATED")), null);
    assertEquals(2, lines.size());
    assertEquals(
        "s-x-0.1.0  x      0.1.0    VALIDATED  SUBMITTED  110105    chaoyang.publisher "
            + " 2025-03-01 08:15:30Z",
        lines.get(1));
  }

  @Test
  void anEnablementSaysWhereItIsOn() {
    Enablement e =
        new Enablement(
            "m",
            "1.2.0",
            false,
            Map.of("110108", true, "110105", true, "110101", false),
            null,
            null,
            Map.of("110105", Map.of("k", 1)),
            "admin",
            null);
    assertEquals(
        List.of(
            "m 1.2.0 in force: off by default",
            "  on in:  110105, 110108",
            "  off in: 110101",
            "  local parameters in: 110105"),
        Render.enablement(e));
  }
}
