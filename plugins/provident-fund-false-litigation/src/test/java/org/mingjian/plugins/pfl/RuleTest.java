package org.mingjian.plugins.pfl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The rule on small inline fixtures: window, thresholds, return to debtor, district isolation. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";
  private static final LocalDate CLOSED = LocalDate.of(2023, 3, 1);

  private final List<List<Object>> judgments = new ArrayList<>();
  private final List<List<Object>> withdrawals = new ArrayList<>();
  private int seq;

  /** A mediated lending case and its enforced withdrawal {@code days} later. */
  private String lendingCase(
      String district, String lender, String agent, String debtor, String payee, int days) {
    return lendingCase(
        district, "PRIVATE_LENDING", "MEDIATION", lender, agent, debtor, payee, days);
  }

  private String lendingCase(
      String district,
      String cause,
      String closing,
      String lender,
      String agent,
      String debtor,
      String payee,
      int days) {
    seq++;
    String caseNo = "(2023)京" + district.substring(2) + "民初" + seq + "号";
    judgments.add(
        List.of(
            caseNo,
            district,
            cause,
            closing,
            CLOSED,
            lender,
            debtor,
            agent,
            new BigDecimal("50000.00")));
    withdrawals.add(
        List.of(
            "FW" + seq,
            district,
            debtor,
            CLOSED.plusDays(days),
            new BigDecimal("48000.00"),
            "COURT_ENFORCEMENT",
            caseNo,
            payee));
    return caseNo;
  }

  private ModelTestKit kit() {
    List<List<Object>> persons = new ArrayList<>();
    for (List<Object> j : judgments) {
      persons.add(List.of(j.get(6), "张三" + persons.size(), j.get(1)));
    }
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .inline(
            "civil_judgments",
            List.of(
                "case_no",
                "district",
                "cause",
                "closing_method",
                "closed_on",
                "plaintiff_id",
                "defendant_id",
                "agent_name",
                "amount"),
            judgments)
        .inline(
            "fund_withdrawals",
            List.of(
                "withdrawal_id",
                "district",
                "person_id",
                "withdrawn_on",
                "amount",
                "reason",
                "case_no",
                "payee_id"),
            withdrawals)
        .inline("persons", List.of("person_id", "name", "district"), persons);
  }

  @Test
  void repeatLenderNeedsMinCasesWithinTheWindow() {
    Set<String> ring =
        Set.of(
            lendingCase(CY, "L1", "", "D1", "L1", 10),
            lendingCase(CY, "L1", "", "D2", "L1", 90),
            lendingCase(CY, "L1", "", "D3", "L1", 0));
    lendingCase(
        CY, "L1", "", "D4", "L1", 91); // outside the default window: not counted, not a clue
    lendingCase(CY, "L2", "", "D5", "L2", 5);
    lendingCase(CY, "L2", "", "D6", "L2", 5); // only two cases: no clue

    TestRun run = kit().run(CY);
    assertEquals(ring, run.evidenceKeys("civil_judgments"));
    for (Clue c : run.clues()) {
      assertEquals("REPEAT_LENDER", c.fields().get("reason"));
      assertEquals(CY, c.district());
      assertTrue(c.title().contains("MEDIATION"), c.title());
    }
    // a wider window takes the fourth case in as well
    assertEquals(4, kit().run(CY, Map.of("withinDays", 120)).clues().size());
    // a stricter threshold drops the ring
    assertEquals(Set.of(), kit().run(CY, Map.of("minCases", 4)).evidenceKeys("civil_judgments"));
  }

  @Test
  void repeatAgentAndMoneyReturnedToTheDebtor() {
    Set<String> agentRing =
        Set.of(
            lendingCase(CY, "A", "律师王某", "D1", "A", 3),
            lendingCase(CY, "B", "律师王某", "D2", "B", 3),
            lendingCase(CY, "C", "律师王某", "D3", "C", 3));
    String returned = lendingCase(CY, "E", "", "D9", "D9", 30);
    lendingCase(CY, "LABOR", "MEDIATION", "F", "", "D10", "D10", 30); // not a lending case
    lendingCase(
        CY, "PRIVATE_LENDING", "JUDGMENT", "G", "", "D11", "D11", 30); // judged, not mediated

    TestRun run = kit().run(CY);
    Set<String> expected = new java.util.TreeSet<>(agentRing);
    expected.add(returned);
    assertEquals(expected, run.evidenceKeys("civil_judgments"));
    Clue back =
        run.clues().stream()
            .filter(c -> c.evidence().get(0).rowKey().equals(returned))
            .findFirst()
            .orElseThrow();
    assertEquals("RETURNED_TO_DEBTOR", back.fields().get("reason"));
    assertEquals("D9", back.subject());
    assertEquals(Set.of("FW" + 4), Set.of(back.evidence().get(1).rowKey()));
  }

  @Test
  void aRunSeesOnlyItsOwnDistrict() {
    lendingCase(HD, "L1", "", "D1", "L1", 1);
    lendingCase(HD, "L1", "", "D2", "L1", 1);
    lendingCase(CY, "L1", "", "D3", "L1", 1); // the same lender across two districts: 2 + 1 cases

    assertEquals(List.of(), kit().run(CY).clues());
    assertEquals(List.of(), kit().run(HD).clues());
    assertEquals(2, kit().run(HD, Map.of("minCases", 2)).clues().size());
  }

  @Test
  void parametersOutOfBoundsAreRefused() {
    lendingCase(CY, "L1", "", "D1", "L1", 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("withinDays", 0)));
    assertTrue(e.getMessage().contains("below the minimum 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("minCases", "many")));
  }
}
