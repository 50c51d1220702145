package org.mingjian.plugins.fueltax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.model.Clue;
import org.mingjian.sdk.testkit.ModelTestKit;
import org.mingjian.sdk.testkit.TestRun;

/** The rule on inline fixtures: ratio boundaries, per-year sums, minimum tons, declarations. */
class RuleTest {
  private static final String CY = "110105";
  private static final String HD = "110108";

  private final List<List<Object>> invoices = new ArrayList<>();
  private final List<List<Object>> firms = new ArrayList<>();
  private final List<List<Object>> declarations = new ArrayList<>();

  private void firm(String district, String code, String industry, String capacity) {
    firms.add(List.of(code, district, "北京" + code + "有限公司", industry, new BigDecimal(capacity)));
  }

  private void buy(String district, String buyer, int year, String product, String tons) {
    invoices.add(
        List.of(
            "INV" + (invoices.size() + 1),
            district,
            LocalDate.of(year, 6, 1).plusDays(invoices.size()),
            "91370502MA0000001X",
            buyer,
            product,
            new BigDecimal(tons),
            new BigDecimal(tons).multiply(new BigDecimal("5000"))));
  }

  private void declare(String district, String code, int year, String tons) {
    declarations.add(
        List.of("FY" + (declarations.size() + 1), district, code, year, new BigDecimal(tons)));
  }

  private ModelTestKit kit() {
    return ModelTestKit.fromClasspath("META-INF/mingjian/model.json")
        .inline(
            "fuel_invoices",
            List.of(
                "invoice_no",
                "district",
                "issued_on",
                "seller_code",
                "buyer_code",
                "product",
                "quantity_tons",
                "amount"),
            invoices)
        .inline(
            "enterprises",
            List.of("credit_code", "district", "name", "industry", "fuel_capacity_tons"),
            firms)
        .inline(
            "waste_oil_declarations",
            List.of("declaration_id", "district", "credit_code", "year", "received_tons"),
            declarations);
  }

  private static Map<String, String> found(TestRun run) {
    Map<String, String> m = new TreeMap<>();
    for (Clue c : run.clues()) {
      m.put(c.subject() + "/" + c.fields().get("year"), (String) c.fields().get("reason"));
    }
    return m;
  }

  @Test
  void overCapacityIsPerYearAboveTheRatioAndTheMinimum() {
    firm(CY, "A", "TRANSPORT", "100.00");
    buy(CY, "A", 2021, "NON_PRODUCT_OIL", "200.00");
    buy(CY, "A", 2021, "BLENDED_DIESEL", "100.01"); // 300.01 > 3 x 100
    firm(CY, "B", "TRANSPORT", "100.00");
    buy(CY, "B", 2021, "NON_PRODUCT_OIL", "300.00"); // exactly 3 x: no
    firm(CY, "C", "CONSTRUCTION", "50.00");
    buy(CY, "C", 2021, "NON_PRODUCT_OIL", "100.00");
    buy(CY, "C", 2022, "NON_PRODUCT_OIL", "100.00"); // 2 x in each year: no
    firm(CY, "D", "CONSULTING", "0.00");
    buy(CY, "D", 2022, "BLENDED_DIESEL", "19.99"); // under the minimum: no
    firm(CY, "E", "CONSULTING", "0.00");
    buy(CY, "E", 2022, "BLENDED_DIESEL", "20.00");
    firm(CY, "F", "LOGISTICS", "10.00");
    buy(CY, "F", 2022, "DIESEL", "500.00"); // ordinary diesel: no
    declare(CY, "X", 2021, "1.00");

    TestRun run = kit().run(CY);
    assertEquals(Map.of("A/2021", "OVER_CAPACITY", "E/2022", "OVER_CAPACITY"), found(run));
    Clue a = run.clues().get(0);
    assertEquals("enterprises", a.evidence().get(0).dataset());
    assertEquals("fuel_invoices", a.evidence().get(1).dataset());
    assertEquals("INV1", a.evidence().get(1).rowKey()); // the largest invoice
    assertEquals(2, a.evidence().size());
    assertEquals(0, new BigDecimal("300.01").compareTo((BigDecimal) a.fields().get("bought_tons")));

    Map<String, String> lower = found(kit().run(CY, Map.of("capacityRatio", 1.5)));
    assertEquals(
        Map.of(
            "A/2021", "OVER_CAPACITY",
            "B/2021", "OVER_CAPACITY",
            "C/2021", "OVER_CAPACITY",
            "C/2022", "OVER_CAPACITY",
            "E/2022", "OVER_CAPACITY"),
        lower);
  }

  @Test
  void wasteOilAboveTheDeclarationOrUndeclared() {
    firm(CY, "R1", "WASTE_OIL_RECYCLING", "0.00");
    buy(CY, "R1", 2021, "WASTE_OIL", "120.01");
    declare(CY, "R1", 2021, "100.00"); // 120.01 > 1.2 x 100
    firm(CY, "R2", "WASTE_OIL_RECYCLING", "0.00");
    buy(CY, "R2", 2021, "WASTE_OIL", "120.00");
    declare(CY, "R2", 2021, "100.00"); // exactly 1.2 x: no
    firm(CY, "R3", "WASTE_OIL_RECYCLING", "0.00");
    buy(CY, "R3", 2022, "WASTE_OIL", "60.00"); // 2022 not declared by R3, but by R1
    declare(CY, "R1", 2022, "0.00");
    firm(CY, "R4", "WASTE_OIL_RECYCLING", "0.00");
    buy(CY, "R4", 2023, "WASTE_OIL", "80.00"); // nobody has declared 2023 yet: no

    TestRun run = kit().run(CY);
    assertEquals(
        Map.of("R1/2021", "WASTE_OIL_UNDECLARED", "R3/2022", "WASTE_OIL_UNDECLARED"), found(run));
    Clue r1 = run.clues().stream().filter(c -> c.subject().equals("R1")).findFirst().orElseThrow();
    assertEquals("waste_oil_declarations", r1.evidence().get(2).dataset());
    assertEquals("FY1", r1.evidence().get(2).rowKey());
    Clue r3 = run.clues().stream().filter(c -> c.subject().equals("R3")).findFirst().orElseThrow();
    assertEquals(2, r3.evidence().size()); // no declaration to show
  }

  @Test
  void aRunSeesOnlyItsDistrict() {
    firm(HD, "A", "TRANSPORT", "10.00");
    buy(HD, "A", 2021, "NON_PRODUCT_OIL", "100.00");
    declare(HD, "A", 2021, "0.00");
    assertEquals(Map.of(), found(kit().run(CY)));
    assertEquals(Map.of("A/2021", "OVER_CAPACITY"), found(kit().run(HD)));
  }

  @Test
  void parametersOutOfBoundsAreRefused() {
    firm(CY, "A", "TRANSPORT", "10.00");
    buy(CY, "A", 2021, "DIESEL", "1.00");
    declare(CY, "A", 2021, "0.00");
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("capacityRatio", 0.5)));
    assertThrows(IllegalArgumentException.class, () -> kit().run(CY, Map.of("minTons", -1)));
  }
}
