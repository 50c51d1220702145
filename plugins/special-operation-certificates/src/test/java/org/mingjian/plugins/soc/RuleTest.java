package org.mingjian.plugins.soc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/** The rule on inline fixtures: each reason, expiry boundary, decoys, districts, grace days. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";
  private static final LocalDate CHECK = LocalDate.of(2023, 5, 10);

  private final List<List<Object>> sites = new ArrayList<>();
  private final List<List<Object>> registry = new ArrayList<>();

  private String site(String district, String person, String role, String certNo) {
    String id = "SP" + (sites.size() + 1);
    List<Object> row = new ArrayList<>();
    row.addAll(List.of(id, district, "望京住宅楼工程", "91110105MA01ABCD2X", person, "李四", role));
    row.add(certNo);
    row.add(CHECK);
    sites.add(row);
    return id;
  }

  private String cert(String holder, String type, LocalDate validUntil) {
    String no = "TZ" + (registry.size() + 1);
    registry.add(
        List.of(no, holder, type, "北京市朝阳区应急管理局", validUntil.minusYears(6).plusDays(1), validUntil));
    return no;
  }

  private ModelTestKit kit() {
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .inline(
            "site_personnel",
            List.of(
                "record_id",
                "district",
                "project_name",
                "employer_code",
                "person_id",
                "name",
                "role",
                "certificate_no",
                "checked_on"),
            sites)
        .inline(
            "operation_certificates",
            List.of(
                "certificate_no",
                "person_id",
                "operation_type",
                "issued_by",
                "issued_on",
                "valid_until"),
            registry);
  }

  private static Map<String, String> reasons(TestRun run) {
    Map<String, String> m = new TreeMap<>();
    for (Clue c : run.clues()) {
      m.put(c.evidence().get(0).rowKey(), (String) c.fields().get("reason"));
    }
    return m;
  }

  @Test
  void eachReasonAndTheExpiryBoundary() {
    Map<String, String> expected = new TreeMap<>();
    expected.put(site(CY, "W1", "ELECTRICIAN", null), "MISSING");
    expected.put(site(CY, "W2", "WELDER", "TZ-FAKE"), "NOT_IN_REGISTRY");
    String others = cert("W9", "WORK_AT_HEIGHT", CHECK.plusYears(2));
    expected.put(site(CY, "W3", "WORK_AT_HEIGHT", others), "MISMATCH");
    String welding = cert("W4", "WELDER", CHECK.plusYears(2));
    expected.put(site(CY, "W4", "ELECTRICIAN", welding), "MISMATCH");
    String dayBefore = cert("W5", "REFRIGERATION", CHECK.minusDays(1));
    expected.put(site(CY, "W5", "REFRIGERATION", dayBefore), "EXPIRED");
    String later = cert("W8", "WELDER", CHECK.plusYears(6).plusDays(5));
    expected.put(site(CY, "W8", "WELDER", later), "NOT_YET_VALID");
    // decoys: a labourer needs no certificate; valid through the day of the check; an expired
    // certificate listed by a carpenter
    site(CY, "W6", "LABOURER", null);
    site(CY, "W7", "ELECTRICIAN", cert("W7", "ELECTRICIAN", CHECK));
    site(CY, "W10", "CARPENTER", cert("W10", "WELDER", CHECK.minusYears(1)));

    TestRun run = kit().run(CY);
    assertEquals(expected, reasons(run));
    Clue expired =
        run.clues().stream()
            .filter(c -> "EXPIRED".equals(c.fields().get("reason")))
            .findFirst()
            .orElseThrow();
    assertEquals(1, ((Number) expired.fields().get("days_expired")).intValue());
    assertEquals("operation_certificates", expired.evidence().get(1).dataset());
    assertEquals(dayBefore, expired.evidence().get(1).rowKey());
    assertEquals("W5", expired.subject());
    assertEquals(CY, expired.district());
    // one day of grace: the boundary case is not expired any more
    Map<String, String> graced = reasons(kit().run(CY, Map.of("graceDays", 1)));
    assertEquals(expected.size() - 1, graced.size());
  }

  @Test
  void theRegistryIsCityWideButSitesAreNot() {
    String cert = cert("W1", "WELDER", CHECK.plusYears(1));
    site(HD, "W1", "WELDER", cert);
    String missing = site(HD, "W2", "WELDER", "");
    assertEquals(Map.of(), reasons(kit().run(CY)));
    assertEquals(Map.of(missing, "MISSING"), reasons(kit().run(HD)));
  }

  @Test
  void parametersOutOfBoundsAreRefused() {
    site(CY, "W1", "WELDER", null);
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("graceDays", 181)));
  }
}
