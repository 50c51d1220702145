package org.mingjian.plugins.pic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.model.Evidence;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/** The rule on inline fixtures: partial months at both ends, pre-trial detention, districts. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";

  private final List<List<Object>> payments = new ArrayList<>();
  private final List<List<Object>> roster = new ArrayList<>();

  /** Monthly payments for {@code person} from {@code from} to {@code to} (yyyy-MM), inclusive. */
  private void paid(String district, String person, String from, String to) {
    LocalDate m = LocalDate.parse(from + "-01");
    LocalDate end = LocalDate.parse(to + "-01");
    for (; !m.isAfter(end); m = m.plusMonths(1)) {
      payments.add(
          List.of(
              "PP" + (payments.size() + 1),
              district,
              person,
              "王五",
              m,
              m.withDayOfMonth(8),
              new BigDecimal("3500.00")));
    }
  }

  private String custody(String person, String type, String admitted, String released) {
    String id = "JY" + (roster.size() + 1);
    List<Object> row = new ArrayList<>();
    row.addAll(List.of(id, person, "北京市监狱", type, LocalDate.parse(admitted)));
    row.add(released == null ? null : LocalDate.parse(released));
    roster.add(row);
    return id;
  }

  private ModelTestKit kit() {
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .model(new PensionInCustody())
        .inline(
            "pension_payments",
            List.of(
                "payment_id", "district", "person_id", "name", "pay_month", "paid_on", "amount"),
            payments)
        .inline(
            "prison_roster",
            List.of(
                "roster_id", "person_id", "facility", "custody_type", "admitted_on", "released_on"),
            roster);
  }

  private static Map<String, Integer> months(TestRun run) {
    Map<String, Integer> m = new TreeMap<>();
    for (Clue c : run.clues()) {
      m.put(c.evidence().get(0).rowKey(), (Integer) c.fields().get("months"));
    }
    return m;
  }

  @Test
  void monthsWhollyOrPartlyInsideTheSentence() {
    // admitted mid-March, released mid-June: March..June paid = 4 months
    paid(CY, "A", "2022-01", "2022-08");
    String a = custody("A", "SENTENCE", "2022-03-15", "2022-06-10");
    // admitted on the last day of April, paid for April only
    paid(CY, "B", "2022-01", "2022-04");
    paid(CY, "B", "2022-09", "2022-12");
    String b = custody("B", "SENTENCE", "2022-04-30", "2022-08-31");
    // decoy: admitted on the 1st, released on the last day; the months around are paid
    paid(CY, "C", "2022-01", "2022-02");
    paid(CY, "C", "2022-06", "2022-12");
    custody("C", "SENTENCE", "2022-03-01", "2022-05-31");
    // decoy: pre-trial detention does not suspend the pension
    paid(CY, "D", "2022-01", "2022-12");
    custody("D", "PRETRIAL", "2022-02-10", "2022-07-01");
    // still in custody
    paid(CY, "E", "2023-01", "2023-06");
    String e = custody("E", "SENTENCE", "2023-05-01", null);

    TestRun run = kit().run(CY);
    assertEquals(Map.of(a, 4, b, 1, e, 2), months(run));
    Clue ca = run.clues().stream().filter(c -> c.subject().equals("A")).findFirst().orElseThrow();
    assertEquals("prison_roster", ca.evidence().get(0).dataset());
    assertEquals(5, ca.evidence().size());
    for (Evidence ev : ca.evidence().subList(1, 5)) {
      assertEquals("pension_payments", ev.dataset());
    }
    assertEquals(0, new BigDecimal("14000.00").compareTo((BigDecimal) ca.fields().get("amount")));
    assertFalse((Boolean) ca.fields().get("still_in_custody"));
    assertEquals(CY, ca.district());
    assertTrue(ca.title().startsWith("服刑期间领取基本养老金4个月"), ca.title());

    // one month of grace: the admission month no longer counts
    assertEquals(Map.of(a, 3, e, 1), months(kit().run(CY, Map.of("graceMonths", 1))));
    assertEquals(Set.of(a), kit().run(CY, Map.of("minMonths", 3)).evidenceKeys("prison_roster"));
  }

  @Test
  void theRosterIsCityWidePaymentsAreNot() {
    paid(HD, "A", "2022-01", "2022-03");
    String a = custody("A", "SENTENCE", "2022-02-01", "2022-02-28");
    assertEquals(Map.of(), months(kit().run(CY)));
    assertEquals(Map.of(a, 1), months(kit().run(HD)));
  }

  @Test
  void monthArithmetic() {
    LocalDate adm = LocalDate.of(2022, 3, 31);
    assertFalse(PensionInCustody.inCustody(LocalDate.of(2022, 2, 1), adm, null, 0));
    assertTrue(PensionInCustody.inCustody(LocalDate.of(2022, 3, 1), adm, null, 0));
    assertFalse(PensionInCustody.inCustody(LocalDate.of(2022, 3, 1), adm, null, 1));
    assertTrue(PensionInCustody.inCustody(LocalDate.of(2023, 1, 1), adm, null, 6));
    LocalDate rel = LocalDate.of(2022, 5, 1);
    assertTrue(PensionInCustody.inCustody(LocalDate.of(2022, 5, 1), adm, rel, 0));
    assertFalse(PensionInCustody.inCustody(LocalDate.of(2022, 6, 1), adm, rel, 0));
  }

  @Test
  void parametersOutOfBoundsAreRefused() {
    paid(CY, "A", "2022-01", "2022-01");
    custody("A", "SENTENCE", "2022-01-01", null);
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("graceMonths", 7)));
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("minMonths", 0)));
  }
}
