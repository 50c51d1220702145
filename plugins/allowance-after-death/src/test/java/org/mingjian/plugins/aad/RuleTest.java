package org.mingjian.plugins.aad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/** The rule on inline fixtures: grace boundary, first late payment, city-wide deaths, districts. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";
  private static final LocalDate DIED = LocalDate.of(2023, 3, 10);

  private final List<List<Object>> payments = new ArrayList<>();
  private final List<List<Object>> deaths = new ArrayList<>();

  private String pay(String district, String person, LocalDate paidOn) {
    String id = "AP" + (payments.size() + 1);
    payments.add(
        List.of(
            id,
            district,
            person,
            "张三",
            "SUBSISTENCE",
            paidOn.withDayOfMonth(1),
            paidOn,
            new BigDecimal("1200.00")));
    return id;
  }

  private void died(String person, LocalDate on, String registeredIn) {
    deaths.add(List.of(person, on, registeredIn, "HOSPITAL"));
  }

  private ModelTestKit kit() {
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .inline(
            "allowance_payments",
            List.of(
                "payment_id",
                "district",
                "person_id",
                "name",
                "allowance_type",
                "pay_month",
                "paid_on",
                "amount"),
            payments)
        .inline(
            "death_records",
            List.of("person_id", "died_on", "registered_district", "source"),
            deaths);
  }

  @Test
  void paymentsAfterTheGracePeriodAreFlaggedOncePerRecipient() {
    died("P1", DIED, CY);
    pay(CY, "P1", DIED.minusDays(20));
    pay(CY, "P1", DIED.plusDays(30)); // on the last day of the grace period: not late
    String first = pay(CY, "P1", DIED.plusDays(31));
    pay(CY, "P1", DIED.plusDays(61));
    died("P2", DIED, HD); // death registered in another district: still seen
    String p2 = pay(CY, "P2", DIED.plusDays(45));
    died("P3", DIED, CY); // last payment exactly 30 days after: no clue
    pay(CY, "P3", DIED.plusDays(30));
    pay(CY, "P4", DIED.plusDays(200)); // alive

    TestRun run = kit().run(CY);
    assertEquals(Set.of(first, p2), run.evidenceKeys("allowance_payments"));
    assertEquals(Set.of("P1", "P2"), run.subjects());
    Clue c1 = run.clues().stream().filter(c -> c.subject().equals("P1")).findFirst().orElseThrow();
    assertEquals(2L, ((Number) c1.fields().get("late_payments")).longValue());
    assertEquals(31, ((Number) c1.fields().get("days_after_death")).intValue());
    assertEquals("death_records", c1.evidence().get(1).dataset());
    assertEquals(CY, c1.district());

    // no grace: the payment 30 days after is late too; P3 becomes a clue
    assertEquals(Set.of("P1", "P2", "P3"), kit().run(CY, Map.of("graceDays", 0)).subjects());
    // two late payments needed: only P1
    assertEquals(Set.of("P1"), kit().run(CY, Map.of("minPayments", 2)).subjects());
  }

  @Test
  void aRunSeesOnlyItsDistrictsPayments() {
    died("P1", DIED, CY);
    pay(HD, "P1", DIED.plusDays(40));
    assertEquals(Set.of(), kit().run(CY).subjects());
    assertEquals(Set.of("P1"), kit().run(HD).subjects());
  }

  @Test
  void parametersOutOfBoundsAreRefused() {
    died("P1", DIED, CY);
    pay(CY, "P1", DIED);
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("graceDays", -1)));
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("minPayments", 0)));
  }
}
