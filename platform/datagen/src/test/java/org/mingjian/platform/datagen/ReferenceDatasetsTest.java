package org.mingjian.platform.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datasets of the five newer reference models at {@code small}: schemas, identifiers,
 * districts, planted counts per district, and (for allowances) the ground truth recomputed in plain
 * Java from the files.
 */
class ReferenceDatasetsTest {

  private static final List<String> DATASETS =
      List.of(
          "enterprises",
          "fuel_invoices",
          "waste_oil_declarations",
          "site_personnel",
          "operation_certificates",
          "allowance_payments",
          "death_records",
          "pension_payments",
          "prison_roster",
          "convictions");

  /** Planted clues and the dataset of their key, per model, per planted set and district. */
  private static final Map<String, Integer> CLUES_PER_SET =
      Map.of(
          "fuel-tax", 4,
          "special-operation-certificates", 6,
          "allowance-after-death", 3,
          "pension-in-custody", 4,
          "barred-legal-representative", 5);

  private static final Map<String, String> KEY_DATASET =
      Map.of(
          "fuel-tax", "enterprises",
          "special-operation-certificates", "site_personnel",
          "allowance-after-death", "allowance_payments",
          "pension-in-custody", "prison_roster",
          "barred-legal-representative", "enterprises");

  @TempDir static Path dir;
  static GenerationReport report;
  static final Map<String, TestCsv.Table> tables = new HashMap<>();
  static TestCsv.Table truth;

  @BeforeAll
  static void generate() throws IOException {
    report = DataGenerator.generate(Scale.SMALL, 42, dir);
    for (String name : DATASETS) {
      tables.put(name, TestCsv.read(dir.resolve(DemoDatasets.schema(name).fileName())));
    }
    truth = TestCsv.read(dir.resolve(DemoDatasets.GROUND_TRUTH_FILE));
  }

  @Test
  void filesMatchSchemasWithValidIdentifiersAndUniqueKeys() {
    Set<String> districts = new TreeSet<>();
    District.ALL.forEach(d -> districts.add(d.code()));
    for (String name : DATASETS) {
      DatasetSchema s = DemoDatasets.schema(name);
      TestCsv.Table t = tables.get(name);
      assertEquals(s.columnNames(), t.header(), name);
      assertEquals((long) t.rows().size(), report.rowsOf(name), name);
      assertTrue(t.rows().size() > 300 && t.rows().size() < 20_000, name + " stays small");
      Set<String> keys = new HashSet<>();
      Set<String> seen = new TreeSet<>();
      for (Map<String, String> row : t.maps()) {
        assertTrue(keys.add(row.get(s.rowKeyColumn())), name + " key " + row.get(s.rowKeyColumn()));
        for (String col : List.of("person_id", "legal_rep_id")) {
          if (row.containsKey(col)) {
            assertTrue(ResidentIds.isValid(row.get(col)), name + "." + col + " " + row.get(col));
          }
        }
        for (String col : List.of("credit_code", "buyer_code", "seller_code", "employer_code")) {
          if (row.containsKey(col)) {
            assertTrue(CreditCodes.isValid(row.get(col)), name + "." + col + " " + row.get(col));
          }
        }
        if (s.districtColumn() != null) {
          assertTrue(districts.contains(row.get("district")), name + " " + row.get("district"));
          seen.add(row.get("district"));
        }
      }
      if (s.districtColumn() != null) {
        assertEquals(districts, seen, name + " covers all districts");
      }
    }
  }

  @Test
  void everyDistrictHasItsPlantedCasesWithExistingKeys() {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (Map<String, String> t : truth.maps()) {
      String model = t.get("model_id");
      if (model.equals(DemoDatasets.PLANTED_MODEL_ID)) {
        continue;
      }
      counts.computeIfAbsent(model, k -> new TreeMap<>()).merge(t.get("district"), 1, Integer::sum);
      DatasetSchema s = DemoDatasets.schema(KEY_DATASET.get(model));
      Map<String, String> row =
          tables.get(s.name()).maps().stream()
              .filter(r -> r.get(s.rowKeyColumn()).equals(t.get("key")))
              .findFirst()
              .orElse(null);
      assertNotNull(row, model + " key " + t.get("key"));
      if (!s.isCityWide()) {
        assertEquals(t.get("district"), row.get("district"), model + " " + t.get("key"));
      }
    }
    assertEquals(CLUES_PER_SET.keySet(), counts.keySet());
    for (Map.Entry<String, Map<String, Integer>> e : counts.entrySet()) {
      assertEquals(16, e.getValue().size(), e.getKey());
      for (int n : e.getValue().values()) {
        assertEquals(CLUES_PER_SET.get(e.getKey()), n, e.getKey());
      }
    }
  }

  @Test
  void allowanceGroundTruthIsWhatTheRuleFinds() {
    Map<String, LocalDate> died = new HashMap<>();
    for (Map<String, String> d : tables.get("death_records").maps()) {
      died.put(d.get("person_id"), LocalDate.parse(d.get("died_on")));
    }
    // person -> first payment more than 30 days after the death
    Map<String, String> first = new TreeMap<>();
    Map<String, LocalDate> firstDay = new HashMap<>();
    for (Map<String, String> p : tables.get("allowance_payments").maps()) {
      LocalDate death = died.get(p.get("person_id"));
      LocalDate paid = LocalDate.parse(p.get("paid_on"));
      if (death != null && paid.isAfter(death.plusDays(30))) {
        LocalDate before = firstDay.get(p.get("person_id"));
        if (before == null || paid.isBefore(before)) {
          firstDay.put(p.get("person_id"), paid);
          first.put(p.get("person_id"), p.get("payment_id"));
        }
      }
    }
    Map<String, String> expected = new TreeMap<>();
    for (Map<String, String> t : truth.maps()) {
      if (t.get("model_id").equals("allowance-after-death")) {
        expected.put(t.get("subject"), t.get("key"));
      }
    }
    assertEquals(expected, first);
  }

  @Test
  void judgmentTextsStateCrimeAndSentence() {
    int released = 0;
    for (Map<String, String> c : tables.get("convictions").maps()) {
      String text = c.get("judgment_text");
      assertTrue(text.contains("犯") && text.contains("罪，判处"), text);
      assertTrue(text.contains(c.get("name")), text);
      if (text.contains("刑满释放")) {
        released++;
      }
    }
    assertTrue(released > 100, "released " + released);
  }
}
