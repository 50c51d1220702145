package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoDatasetsTest {

  @Test
  void sixteenDistricts() {
    assertEquals(16, District.ALL.size());
    Set<String> codes = new HashSet<>();
    for (District d : District.ALL) {
      assertTrue(d.code().matches("1101\\d\\d"), d.code());
      assertTrue(d.name().endsWith("区"), d.name());
      assertTrue(codes.add(d.code()));
    }
    assertEquals("朝阳区", District.byCode("110105").orElseThrow().name());
    assertEquals("北京市海淀区人民法院", District.byCode("110108").orElseThrow().courtName());
    assertEquals("0119", District.byCode("110119").orElseThrow().courtSuffix());
    assertTrue(District.byCode("110103").isEmpty());
  }

  @Test
  void schemas() {
    List<DatasetSchema> all = DemoDatasets.all();
    assertEquals(
        List.of(
            "persons",
            "civil_judgments",
            "fund_withdrawals",
            "enterprises",
            "fuel_invoices",
            "waste_oil_declarations",
            "site_personnel",
            "operation_certificates",
            "allowance_payments",
            "death_records",
            "pension_payments",
            "prison_roster",
            "convictions"),
        all.stream().map(DatasetSchema::name).toList());
    Set<String> cityWide =
        Set.of("operation_certificates", "death_records", "prison_roster", "convictions");
    for (DatasetSchema s : all) {
      assertEquals(s.name() + ".csv", s.fileName());
      assertEquals(cityWide.contains(s.name()), s.isCityWide(), s.name());
      if (!s.isCityWide()) {
        assertEquals("district", s.districtColumn());
      }
      for (ColumnSchema c : s.columns()) {
        boolean personal =
            Set.of("person_id", "legal_rep_id", "legal_rep_name").contains(c.name())
                || c.name().equals("name") && !s.name().equals("enterprises");
        if (personal) {
          assertTrue(
              c.sensitivity().equals("PERSONAL") || c.sensitivity().equals("SENSITIVE"),
              s.name() + "." + c.name());
        }
      }
      assertTrue(s.column(s.rowKeyColumn()).isPresent());
      assertEquals(s, DemoDatasets.byName(s.name()).orElseThrow());
    }
    assertTrue(DemoDatasets.byName("ground_truth").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> DemoDatasets.schema("ground_truth"));
    assertEquals(
        "SENSITIVE",
        DemoDatasets.schema("convictions").column("judgment_text").orElseThrow().sensitivity());
    assertEquals(
        "SENSITIVE",
        DemoDatasets.schema("pension_payments").column("amount").orElseThrow().sensitivity());
    assertEquals(
        "SENSITIVE",
        DemoDatasets.schema("prison_roster").column("admitted_on").orElseThrow().sensitivity());
    assertEquals(6, DemoDatasets.PLANTED_MODEL_IDS.size());
    assertEquals("公安局", DemoDatasets.persons().ownerDepartment());
    assertEquals("北京市高级人民法院", DemoDatasets.civilJudgments().ownerDepartment());
    assertEquals("住房公积金管理中心", DemoDatasets.fundWithdrawals().ownerDepartment());
    assertEquals("person_id", DemoDatasets.persons().rowKeyColumn());
    assertEquals("case_no", DemoDatasets.civilJudgments().rowKeyColumn());
    assertEquals("withdrawal_id", DemoDatasets.fundWithdrawals().rowKeyColumn());
    Map<String, String> grades =
        Map.of(
            "person_id", "PERSONAL",
            "gender", "INTERNAL",
            "plaintiff_id", "PERSONAL",
            "agent_name", "PERSONAL",
            "summary", "INTERNAL",
            "case_no", "PUBLIC");
    for (Map.Entry<String, String> e : grades.entrySet()) {
      String grade =
          all.stream()
              .flatMap(s -> s.column(e.getKey()).stream())
              .findFirst()
              .orElseThrow()
              .sensitivity();
      assertEquals(e.getValue(), grade, e.getKey());
    }
    assertEquals(
        "SENSITIVE", DemoDatasets.fundWithdrawals().column("amount").orElseThrow().sensitivity());
    assertEquals(
        "DECIMAL(14,2)", DemoDatasets.civilJudgments().column("amount").orElseThrow().sqlType());
    assertEquals("DATE", DemoDatasets.persons().column("birth_date").orElseThrow().sqlType());
  }

  @Test
  void schemaRecordsValidate() {
    assertThrows(IllegalArgumentException.class, () -> new ColumnSchema("x", "TEXT", "PUBLIC", ""));
    assertThrows(
        IllegalArgumentException.class, () -> new ColumnSchema("x", "VARCHAR", "SECRET", ""));
    ColumnSchema c = new ColumnSchema("x", "VARCHAR", "PUBLIC", "");
    assertThrows(
        IllegalArgumentException.class,
        () -> new DatasetSchema("d", "d.csv", "", "", null, "y", List.of(c)));
    DatasetSchema cityWide = new DatasetSchema("d", "d.csv", "", "", null, "x", List.of(c));
    assertTrue(cityWide.isCityWide());
  }

  @Test
  void scaleParsing() {
    assertEquals(Scale.SMALL, Scale.parse("small"));
    assertEquals(Scale.CITY, Scale.parse("CITY"));
    assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
    assertTrue(Scale.CITY.persons() >= 1_000_000);
    assertTrue(Scale.CITY.fundWithdrawals() >= 10_000_000);
    assertTrue(Scale.CITY.civilJudgments() >= 1_000_000);
  }
}
